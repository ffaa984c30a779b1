package org.facefare.face.image;

import java.util.Objects;

/**
 * The result of {@link ImageDecoder#decode}: the upright image, the format it came in and the EXIF
 * orientation that was applied to make it upright.
 */
public record DecodedImage(RgbImage image, ImageFormat format, Orientation orientation) {

  /** Checks that no component is null. */
  public DecodedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(orientation, "orientation");
  }
}
