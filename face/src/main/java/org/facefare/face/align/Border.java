package org.facefare.face.align;

/**
 * What a warp samples where the source image has no pixel: the nearest edge pixel, or a constant
 * colour.
 */
public sealed interface Border {

  /** A constant black border, what insightface's {@code cv2.warpAffine} alignment uses. */
  Border BLACK = new Constant(0x000000);

  /** Outside the image, the nearest edge pixel's colour (OpenCV {@code BORDER_REPLICATE}). */
  record Replicate() implements Border {}

  /** Outside the image, the colour {@code 0xRRGGBB} (OpenCV {@code BORDER_CONSTANT}). */
  record Constant(int rgb) implements Border {

    /** Checks that {@code rgb} is a 24-bit colour. */
    public Constant {
      if ((rgb & ~0xFFFFFF) != 0) {
        throw new IllegalArgumentException(
            "border colour must be 0xRRGGBB, got 0x" + Integer.toHexString(rgb));
      }
    }
  }

  /** The replicate border. */
  static Border replicate() {
    return new Replicate();
  }

  /** A constant border of colour {@code 0xRRGGBB}. */
  static Border constant(int rgb) {
    return new Constant(rgb);
  }
}
