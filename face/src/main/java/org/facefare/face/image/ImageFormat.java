package org.facefare.face.image;

/** An encoded image format that {@link ImageDecoder} accepts. */
public enum ImageFormat {
  /** JPEG (JFIF or Exif), baseline, progressive or lossless, greyscale, YCbCr, CMYK or YCCK. */
  JPEG("jpeg"),
  /** PNG of any colour type and bit depth. */
  PNG("png"),
  /** WebP, lossy or lossless, with or without alpha (the first frame of an animation). */
  WEBP("webp");

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  /** The ImageIO format name whose reader decodes this format. */
  String imageIoName() {
    return imageIoName;
  }
}
