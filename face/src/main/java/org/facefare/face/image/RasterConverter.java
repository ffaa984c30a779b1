package org.facefare.face.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Converts whatever an ImageIO reader returned into 8-bit sRGB.
 *
 * <p>Samples are read from the raster and rescaled, not passed through {@link
 * BufferedImage#getRGB}, wherever the colour space allows: Java2D treats its grey colour space as
 * linear and would brighten a grey PNG (sample 100 comes back as 168), where browsers show grey
 * samples as they are. Only colour spaces other than sRGB and grey (an embedded ICC profile) and
 * premultiplied alpha go through {@code getRGB}, which converts them properly.
 */
final class RasterConverter {

  private RasterConverter() {}

  static RgbImage toRgb(BufferedImage image, AlphaPolicy alpha) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[Math.multiplyExact(3, Math.multiplyExact(w, h))];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (isPlainBgr(image)) {
      copyBgr(((DataBufferByte) raster.getDataBuffer()).getData(), out);
    } else if (cm instanceof IndexColorModel icm) {
      convertIndexed(raster, icm, alpha, out);
    } else if (readsSamplesDirectly(cm, raster)) {
      convertSamples(raster, cm, alpha, out);
    } else {
      convertThroughGetRgb(image, alpha, out);
    }
    return RgbImage.wrap(w, h, out);
  }

  /** A TYPE_3BYTE_BGR image whose buffer is exactly its pixels (what JPEG readers return). */
  private static boolean isPlainBgr(BufferedImage image) {
    Raster r = image.getRaster();
    return image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && r.getParent() == null
        && r.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && sm.getPixelStride() == 3
        && sm.getScanlineStride() == 3 * image.getWidth()
        && r.getDataBuffer().getNumBanks() == 1
        && r.getDataBuffer().getOffset() == 0
        && r.getDataBuffer().getSize() == 3 * image.getWidth() * image.getHeight();
  }

  private static void copyBgr(byte[] bgr, byte[] out) {
    for (int i = 0; i < out.length; i += 3) {
      out[i] = bgr[i + 2];
      out[i + 1] = bgr[i + 1];
      out[i + 2] = bgr[i];
    }
  }

  private static void convertIndexed(
      Raster raster, IndexColorModel icm, AlphaPolicy alpha, byte[] out) {
    int[] palette = new int[icm.getMapSize()];
    icm.getRGBs(palette);
    int w = raster.getWidth();
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int index = row[x];
        int argb = index < palette.length ? palette[index] : 0xFF000000;
        o = putArgb(argb, alpha, out, o);
      }
    }
  }

  /** Grey or sRGB, non-premultiplied, integer samples of up to 16 bits. */
  private static boolean readsSamplesDirectly(ColorModel cm, Raster raster) {
    int type = cm.getColorSpace().getType();
    boolean space =
        type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1
            || cm.getColorSpace().isCS_sRGB();
    int transfer = raster.getTransferType();
    boolean integral =
        transfer == DataBuffer.TYPE_BYTE
            || transfer == DataBuffer.TYPE_USHORT
            || transfer == DataBuffer.TYPE_INT;
    boolean bitsOk = true;
    for (int b = 0; b < cm.getNumComponents(); b++) {
      bitsOk &= cm.getComponentSize(b) >= 1 && cm.getComponentSize(b) <= 16;
    }
    return (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
        && space
        && integral
        && bitsOk
        && !cm.isAlphaPremultiplied()
        && raster.getNumBands() == cm.getNumComponents();
  }

  private static void convertSamples(Raster raster, ColorModel cm, AlphaPolicy alpha, byte[] out) {
    int bands = raster.getNumBands();
    int colours = cm.getNumColorComponents();
    boolean grey = colours == 1;
    int[] max = new int[bands];
    for (int b = 0; b < bands; b++) {
      max[b] = (1 << cm.getComponentSize(b)) - 1;
    }
    int w = raster.getWidth();
    int[] row = new int[w * bands];
    int o = 0;
    for (int y = 0; y < raster.getHeight(); y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int x = 0, s = 0; x < w; x++, s += bands) {
        int r = to8(row[s], max[0]);
        int g = grey ? r : to8(row[s + 1], max[1]);
        int bl = grey ? r : to8(row[s + 2], max[2]);
        int a = cm.hasAlpha() ? to8(row[s + colours], max[colours]) : 255;
        o = put(r, g, bl, a, alpha, out, o);
      }
    }
  }

  private static void convertThroughGetRgb(BufferedImage image, AlphaPolicy alpha, byte[] out) {
    int w = image.getWidth();
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        o = putArgb(row[x], alpha, out, o);
      }
    }
  }

  private static int to8(int sample, int max) {
    int clamped = Math.min(Math.max(sample, 0), max);
    return max == 255 ? clamped : (clamped * 255 + max / 2) / max;
  }

  private static int putArgb(int argb, AlphaPolicy alpha, byte[] out, int o) {
    return put(argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF, argb >>> 24, alpha, out, o);
  }

  private static int put(int r, int g, int b, int a, AlphaPolicy alpha, byte[] out, int o) {
    if (a == 255 || alpha == AlphaPolicy.DROP) {
      out[o] = (byte) r;
      out[o + 1] = (byte) g;
      out[o + 2] = (byte) b;
    } else {
      out[o] = (byte) overWhite(r, a);
      out[o + 1] = (byte) overWhite(g, a);
      out[o + 2] = (byte) overWhite(b, a);
    }
    return o + 3;
  }

  /** {@code c·a + 255·(1 − a)} with {@code a} in [0, 255], rounded. */
  private static int overWhite(int c, int a) {
    return (c * a + 255 * (255 - a) + 127) / 255;
  }
}
