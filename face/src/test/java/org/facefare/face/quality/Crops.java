package org.facefare.face.quality;

import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.facefare.face.image.RgbImage;

/** Synthetic face-crop stand-ins: textured, blurred, darkened, brightened. */
final class Crops {

  private Crops() {}

  /** A {@code size × size} grey texture of seeded noise around 128, sharp at the pixel level. */
  static RgbImage texture(int size, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[3 * size * size];
    for (int i = 0; i < size * size; i++) {
      int v = 128 + r.nextInt(121) - 60;
      px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = (byte) v;
    }
    return RgbImage.of(size, size, px);
  }

  /** {@code passes} box blurs of radius {@code radius} (three approach a Gaussian). */
  static RgbImage boxBlur(RgbImage img, int radius, int passes) {
    int w = img.width();
    int h = img.height();
    byte[] px = img.toByteArray();
    for (int p = 0; p < passes; p++) {
      byte[] out = new byte[px.length];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < 3; c++) {
            int sum = 0;
            int n = 0;
            for (int dy = -radius; dy <= radius; dy++) {
              for (int dx = -radius; dx <= radius; dx++) {
                int xx = Math.min(w - 1, Math.max(0, x + dx));
                int yy = Math.min(h - 1, Math.max(0, y + dy));
                sum += px[3 * (yy * w + xx) + c] & 0xFF;
                n++;
              }
            }
            out[3 * (y * w + x) + c] = (byte) Math.round((float) sum / n);
          }
        }
      }
      px = out;
    }
    return RgbImage.of(w, h, px);
  }

  /** Every sample passed through {@code f}. */
  static RgbImage map(RgbImage img, IntUnaryOperator f) {
    byte[] px = img.toByteArray();
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) f.applyAsInt(px[i] & 0xFF);
    }
    return RgbImage.of(img.width(), img.height(), px);
  }
}
