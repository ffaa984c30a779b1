package org.facefare.face.image;

/**
 * Stretches the luma range of a low-contrast image to the full 8-bit range with one linear map
 * applied to all three channels, leaving images of normal contrast untouched.
 *
 * <p>Faces lit from the side or nearly dark (the Extended Yale B set is built of them) have their
 * detail squeezed into a few grey levels, and embedders trained on well-lit web photos see them as
 * other people. The 2nd and 98th luma percentiles are mapped to 0 and 255 when they span fewer than
 * {@code minRange} levels; the percentiles, not the extremes, keep specular highlights and black
 * shadows from deciding the map. This is the global form of the contrast equalisation step of Tan
 * and Triggs (IEEE TIP 2010), which is enough to recover detail from underexposed faces.
 */
public final class ContrastStretch {

  private final int minRange;

  /**
   * Creates the stretch.
   *
   * @param minRange images whose 2nd–98th percentile luma span is below this are stretched
   */
  public ContrastStretch(int minRange) {
    if (minRange < 1 || minRange > 255) {
      throw new IllegalArgumentException("minRange must be in [1, 255], got " + minRange);
    }
    this.minRange = minRange;
  }

  /** The image stretched, or the same image when its contrast is already wide enough. */
  public RgbImage apply(RgbImage img) {
    byte[] px = img.toByteArray();
    int n = img.width() * img.height();
    int[] hist = new int[256];
    for (int i = 0; i < n; i++) {
      int r = px[3 * i] & 0xFF;
      int g = px[3 * i + 1] & 0xFF;
      int b = px[3 * i + 2] & 0xFF;
      hist[(299 * r + 587 * g + 114 * b + 500) / 1000]++;
    }
    int lo = percentile(hist, n, 0.02);
    int hi = percentile(hist, n, 0.98);
    if (hi - lo >= minRange || hi <= lo) {
      return img;
    }
    double scale = 255.0 / (hi - lo);
    byte[] lut = new byte[256];
    for (int v = 0; v < 256; v++) {
      lut[v] = (byte) Math.max(0, Math.min(255, (int) Math.round((v - lo) * scale)));
    }
    for (int i = 0; i < px.length; i++) {
      px[i] = lut[px[i] & 0xFF];
    }
    return RgbImage.of(img.width(), img.height(), px);
  }

  private static int percentile(int[] hist, int n, double q) {
    long target = (long) Math.ceil(q * n);
    long seen = 0;
    for (int v = 0; v < 256; v++) {
      seen += hist[v];
      if (seen >= target) {
        return v;
      }
    }
    return 255;
  }
}
