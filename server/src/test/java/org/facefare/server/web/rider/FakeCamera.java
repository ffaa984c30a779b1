package org.facefare.server.web.rider;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A video file Chromium plays as its camera ({@code --use-file-for-fake-video-capture}): the same
 * photo, frame after frame, in YUV4MPEG2 with 4:2:0 chroma (BT.601, full range as JPEG uses it).
 */
final class FakeCamera {

  private FakeCamera() {}

  /** Writes {@code frames} frames of {@code image} (even width and height) to {@code file}. */
  static Path y4m(BufferedImage image, int frames, Path file) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    if (w % 2 != 0 || h % 2 != 0) {
      throw new IllegalArgumentException("4:2:0 needs an even size, not " + w + "x" + h);
    }
    byte[] y = new byte[w * h];
    byte[] u = new byte[w * h / 4];
    byte[] v = new byte[w * h / 4];
    double[] cb = new double[w * h];
    double[] cr = new double[w * h];
    for (int row = 0; row < h; row++) {
      for (int col = 0; col < w; col++) {
        int rgb = image.getRGB(col, row);
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        int i = row * w + col;
        y[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
        cb[i] = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        cr[i] = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      }
    }
    for (int row = 0; row < h / 2; row++) {
      for (int col = 0; col < w / 2; col++) {
        int i = 2 * row * w + 2 * col;
        int o = row * (w / 2) + col;
        u[o] = clamp((cb[i] + cb[i + 1] + cb[i + w] + cb[i + w + 1]) / 4);
        v[o] = clamp((cr[i] + cr[i + 1] + cr[i + w] + cr[i + w + 1]) / 4);
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(
          ("YUV4MPEG2 W" + w + " H" + h + " F10:1 Ip A1:1 C420jpeg\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int f = 0; f < frames; f++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(y);
        out.write(u);
        out.write(v);
      }
    }
    return file;
  }

  private static byte clamp(double value) {
    return (byte) Math.clamp(Math.round(value), 0, 255);
  }
}
