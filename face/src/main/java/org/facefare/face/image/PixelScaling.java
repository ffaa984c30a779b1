package org.facefare.face.image;

/**
 * The affine map {@code (v - mean) * scale} from an 8-bit sample {@code v} to a model's input
 * value.
 */
public record PixelScaling(float mean, float scale) {

  /** Samples as they are, 0 to 255. */
  public static final PixelScaling RAW = new PixelScaling(0f, 1f);

  /** Samples mapped to [0, 1]. */
  public static final PixelScaling UNIT = new PixelScaling(0f, 1f / 255f);

  /** Samples mapped to [-1, 1], as ArcFace-style embedders expect. */
  public static final PixelScaling SYMMETRIC = new PixelScaling(127.5f, 1f / 127.5f);

  /** Checks that both values are finite and the scale is not zero. */
  public PixelScaling {
    if (!Float.isFinite(mean) || !Float.isFinite(scale) || scale == 0f) {
      throw new IllegalArgumentException(
          "pixel scaling needs a finite mean and a finite non-zero scale, got mean "
              + mean
              + ", scale "
              + scale);
    }
  }
}
