package org.facefare.face.align;

import java.nio.ByteBuffer;
import org.facefare.face.image.RgbImage;

/** Resamples an {@link RgbImage} through a similarity transform with bilinear interpolation. */
public final class BilinearWarp {

  /*
   * Design.
   *
   * Inverse mapping, as OpenCV's warpAffine does: each output pixel centre (x, y) is taken back
   * through the inverse transform to a source position (sx, sy), and the four source pixels
   * around it are blended by their distances, (1-fx)(1-fy), fx(1-fy), (1-fx)fy, fx fy. Forward
   * mapping would leave holes when the transform enlarges. Pixel centres sit at integer
   * coordinates on both sides, the convention the ArcFace template was made with.
   *
   * A neighbour outside the source takes the Border's value: Replicate clamps to the nearest
   * edge pixel; Constant uses the colour, so the edge blends into it over one pixel, exactly as
   * BORDER_CONSTANT does. No anti-aliasing is applied when the transform shrinks by more than 2x;
   * face crops are taken at 0.5x to 3x of the detected face, where bilinear is what the
   * embedders were trained with.
   */

  private BilinearWarp() {}

  /**
   * The {@code target.width() × target.height()} image whose pixel (x, y) shows the source at
   * {@code sourceToTarget.inverse()} of (x, y).
   */
  public static RgbImage warp(
      RgbImage source, SimilarityTransform sourceToTarget, WarpTarget target) {
    SimilarityTransform back = sourceToTarget.inverse();
    int w = target.width();
    int h = target.height();
    Sampler sampler = new Sampler(source, target.border());
    byte[] out = new byte[3 * w * h];
    int[] rgb = new int[3];
    int o = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        sampler.bilinear(back.applyX(x, y), back.applyY(x, y), rgb);
        out[o++] = (byte) rgb[0];
        out[o++] = (byte) rgb[1];
        out[o++] = (byte) rgb[2];
      }
    }
    return RgbImage.of(w, h, out);
  }

  /** Reads source pixels with the border rule applied. */
  private static final class Sampler {
    private final ByteBuffer pixels;
    private final int width;
    private final int height;
    private final boolean replicate;
    private final int[] constant;

    Sampler(RgbImage source, Border border) {
      this.pixels = source.pixels();
      this.width = source.width();
      this.height = source.height();
      this.replicate = border instanceof Border.Replicate;
      int c = border instanceof Border.Constant k ? k.rgb() : 0;
      this.constant = new int[] {c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF};
    }

    void bilinear(double sx, double sy, int[] out) {
      double fx0 = Math.floor(sx);
      double fy0 = Math.floor(sy);
      double fx = sx - fx0;
      double fy = sy - fy0;
      // Far outside, clamp before converting so that the int arithmetic cannot overflow.
      int x0 = (int) Math.max(-2, Math.min(width + 1, fx0));
      int y0 = (int) Math.max(-2, Math.min(height + 1, fy0));
      double w00 = (1 - fx) * (1 - fy);
      double w10 = fx * (1 - fy);
      double w01 = (1 - fx) * fy;
      double w11 = fx * fy;
      for (int c = 0; c < 3; c++) {
        double v =
            w00 * sample(x0, y0, c)
                + w10 * sample(x0 + 1, y0, c)
                + w01 * sample(x0, y0 + 1, c)
                + w11 * sample(x0 + 1, y0 + 1, c);
        out[c] = (int) Math.min(255, Math.max(0, Math.round(v)));
      }
    }

    private int sample(int x, int y, int c) {
      if (x < 0 || y < 0 || x >= width || y >= height) {
        if (!replicate) {
          return constant[c];
        }
        x = Math.min(Math.max(x, 0), width - 1);
        y = Math.min(Math.max(y, 0), height - 1);
      }
      return pixels.get(3 * (y * width + x) + c) & 0xFF;
    }
  }
}
