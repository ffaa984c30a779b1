package org.facefare.face.image;

/** Shrinks an {@link RgbImage} by an integer factor, averaging each factor × factor block. */
public final class BoxDownscale {

  private BoxDownscale() {}

  /**
   * The image whose pixel (i, j) is the mean of the source block starting at (k·i, k·j); a partial
   * block at the right or bottom edge is dropped.
   *
   * @param k the factor, at least 1
   * @throws IllegalArgumentException if {@code k} is below 1 or larger than the image
   */
  public static RgbImage shrink(RgbImage source, int k) {
    if (k < 1 || k > source.width() || k > source.height()) {
      throw new IllegalArgumentException(
          "cannot shrink a " + source.width() + "×" + source.height() + " image by " + k);
    }
    if (k == 1) {
      return source;
    }
    int w = source.width() / k;
    int h = source.height() / k;
    byte[] src = source.toByteArray();
    int stride = 3 * source.width();
    byte[] out = new byte[3 * w * h];
    int[] acc = new int[3 * w];
    int area = k * k;
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(acc, 0);
      for (int dy = 0; dy < k; dy++) {
        int row = (y * k + dy) * stride;
        for (int x = 0; x < w; x++) {
          int p = row + 3 * x * k;
          int r = 0;
          int g = 0;
          int b = 0;
          for (int dx = 0; dx < k; dx++, p += 3) {
            r += src[p] & 0xFF;
            g += src[p + 1] & 0xFF;
            b += src[p + 2] & 0xFF;
          }
          acc[3 * x] += r;
          acc[3 * x + 1] += g;
          acc[3 * x + 2] += b;
        }
      }
      int o = 3 * y * w;
      for (int i = 0; i < 3 * w; i++) {
        out[o + i] = (byte) ((acc[i] + area / 2) / area);
      }
    }
    return RgbImage.of(w, h, out);
  }
}
