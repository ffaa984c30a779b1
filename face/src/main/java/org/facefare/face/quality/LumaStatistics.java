package org.facefare.face.quality;

import java.nio.ByteBuffer;
import org.facefare.face.image.RgbImage;

/**
 * Photometric statistics of an image's BT.601 luma: mean, clipped fractions and the variance of the
 * Laplacian.
 */
record LumaStatistics(double mean, double darkFraction, double brightFraction, double sharpness) {

  /*
   * Sharpness is the variance of the Laplacian (Pech-Pacheco et al. 2000, "Diatom autofocusing in
   * brightfield microscopy: a comparative study", ICPR; Pertuz et al. 2013 found it among the best
   * simple focus measures): convolve luma with the 4-neighbour kernel [0 1 0; 1 -4 1; 0 1 0] over
   * the interior pixels and take the variance. Blur removes high frequencies, which the Laplacian
   * measures. The value depends on scale and contrast, so limits are only comparable on crops of
   * one size (FaceFare's defaults assume the 112 x 112 aligned crop); a dark crop also reads as
   * blurry, which is why exposure is reported before blur.
   *
   * An image narrower or shorter than 3 pixels has no interior and reads as sharpness 0.
   *
   * Luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) on the gamma-encoded samples, the usual
   * "brightness" of face-quality tools.
   */

  static LumaStatistics of(RgbImage image, int darkLevel, int brightLevel) {
    int w = image.width();
    int h = image.height();
    ByteBuffer px = image.pixels();
    double[] luma = new double[w * h];
    double sum = 0;
    int dark = 0;
    int bright = 0;
    for (int i = 0; i < luma.length; i++) {
      double y =
          0.299 * (px.get(3 * i) & 0xFF)
              + 0.587 * (px.get(3 * i + 1) & 0xFF)
              + 0.114 * (px.get(3 * i + 2) & 0xFF);
      luma[i] = y;
      sum += y;
      if (y <= darkLevel) {
        dark++;
      }
      if (y >= brightLevel) {
        bright++;
      }
    }
    int n = luma.length;
    return new LumaStatistics(
        sum / n, (double) dark / n, (double) bright / n, laplacianVariance(luma, w, h));
  }

  private static double laplacianVariance(double[] luma, int w, int h) {
    if (w < 3 || h < 3) {
      return 0;
    }
    double sum = 0;
    double sumSquares = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        double lap = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4 * luma[i];
        sum += lap;
        sumSquares += lap * lap;
      }
    }
    int n = (w - 2) * (h - 2);
    double mean = sum / n;
    return Math.max(0, sumSquares / n - mean * mean);
  }
}
