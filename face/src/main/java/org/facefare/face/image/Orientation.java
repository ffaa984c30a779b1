package org.facefare.face.image;

/**
 * The eight EXIF orientations (TIFF tag 274): how the stored pixel rows and columns relate to the
 * upright picture, and the transform that turns a stored image upright.
 *
 * <p>Each constant's Javadoc quotes where the EXIF 2.3 specification puts the stored image's 0th
 * row and 0th column in the upright picture.
 */
public enum Orientation {
  /** 1: 0th row at the top, 0th column at the left; stored upright. */
  NORMAL(1),
  /** 2: 0th row at the top, 0th column at the right; a left-right mirror. */
  MIRROR_HORIZONTAL(2),
  /** 3: 0th row at the bottom, 0th column at the right; turned 180°. */
  ROTATE_180(3),
  /** 4: 0th row at the bottom, 0th column at the left; a top-bottom mirror. */
  MIRROR_VERTICAL(4),
  /** 5: 0th row at the left, 0th column at the top; mirrored about the main diagonal. */
  TRANSPOSE(5),
  /** 6: 0th row at the right, 0th column at the top; needs a 90° clockwise turn. */
  ROTATE_90_CW(6),
  /** 7: 0th row at the right, 0th column at the bottom; mirrored about the anti-diagonal. */
  TRANSVERSE(7),
  /** 8: 0th row at the left, 0th column at the bottom; needs a 90° anticlockwise turn. */
  ROTATE_90_CCW(8);

  private final int exifValue;

  Orientation(int exifValue) {
    this.exifValue = exifValue;
  }

  /** The value of the EXIF Orientation tag, 1 to 8. */
  public int exifValue() {
    return exifValue;
  }

  /**
   * The orientation with this EXIF tag value.
   *
   * @throws IllegalArgumentException unless {@code 1 <= value <= 8}
   */
  public static Orientation fromExif(int value) {
    if (value < 1 || value > 8) {
      throw new IllegalArgumentException("EXIF orientation must be 1 to 8, got " + value);
    }
    return values()[value - 1];
  }

  /** Whether the upright picture's width is the stored image's height. */
  public boolean swapsAxes() {
    return exifValue >= 5;
  }

  /** The upright picture of an image stored with this orientation. */
  public RgbImage apply(RgbImage stored) {
    if (this == NORMAL) {
      return stored;
    }
    int w = stored.width();
    int h = stored.height();
    int outW = swapsAxes() ? h : w;
    int outH = swapsAxes() ? w : h;
    byte[] src = stored.array();
    byte[] dst = new byte[src.length];
    int d = 0;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int s = 3 * sourceIndex(x, y, w, h);
        dst[d++] = src[s];
        dst[d++] = src[s + 1];
        dst[d++] = src[s + 2];
      }
    }
    return RgbImage.wrap(outW, outH, dst);
  }

  /** The stored pixel index shown at upright position ({@code x}, {@code y}). */
  private int sourceIndex(int x, int y, int w, int h) {
    return switch (this) {
      case NORMAL -> y * w + x;
      case MIRROR_HORIZONTAL -> y * w + (w - 1 - x);
      case ROTATE_180 -> (h - 1 - y) * w + (w - 1 - x);
      case MIRROR_VERTICAL -> (h - 1 - y) * w + x;
      case TRANSPOSE -> x * w + y;
      case ROTATE_90_CW -> (h - 1 - x) * w + y;
      case TRANSVERSE -> (h - 1 - x) * w + (w - 1 - y);
      case ROTATE_90_CCW -> x * w + (w - 1 - y);
    };
  }
}
