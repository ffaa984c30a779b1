package org.facefare.face.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encoded test images made in memory with Java2D and ImageIO, plus hand-built metadata. */
final class TestImages {

  static final int RED = 0xFF0000;
  static final int GREEN = 0x00FF00;
  static final int BLUE = 0x0000FF;
  static final int WHITE = 0xFFFFFF;

  private TestImages() {}

  /** A {@code w × h} image with red, green, blue and white quadrants (TL, TR, BL, BR). */
  static BufferedImage quadrants(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean right = x >= w / 2;
        boolean bottom = y >= h / 2;
        img.setRGB(x, y, bottom ? (right ? WHITE : BLUE) : (right ? GREEN : RED));
      }
    }
    return img;
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A baseline JPEG at quality 0.95. */
  static byte[] jpeg(BufferedImage image) {
    return writeJpeg(new IIOImage(image, null, null), false);
  }

  /** A progressive JPEG at quality 0.95. */
  static byte[] progressiveJpeg(BufferedImage image) {
    return writeJpeg(new IIOImage(image, null, null), true);
  }

  /**
   * A four-component Adobe JPEG with every pixel at {@code c, m, y, k} (0 to 255 ink), stored
   * inverted as Photoshop does, with an APP14 "Adobe" segment declaring no colour transform.
   */
  static byte[] cmykJpeg(int w, int h, int c, int m, int y, int k) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    int[] ink = {c, m, y, k};
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        for (int b = 0; b < 4; b++) {
          raster.setSample(px, py, b, 255 - ink[b]);
        }
      }
    }
    byte[] plain = writeJpeg(new IIOImage(raster, null, null), false);
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    return insert(plain, 2, app14);
  }

  private static byte[] writeJpeg(IIOImage image, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      var param = writer.getDefaultWriteParam();
      param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      if (progressive) {
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A TIFF structure whose IFD0 holds one Orientation entry (SHORT), in either byte order. */
  static byte[] exifTiff(int orientation, boolean littleEndian) {
    ByteBuffer b =
        ByteBuffer.allocate(26)
            .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    b.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
    b.putShort((short) 42).putInt(8); // magic, offset of IFD0
    b.putShort((short) 1); // one entry
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
    b.putShort((short) orientation).putShort((short) 0); // value, left-justified
    b.putInt(0); // no next IFD
    return b.array();
  }

  /** {@code jpeg} with an Exif APP1 segment carrying {@code tiff} right after SOI. */
  static byte[] withJpegExif(byte[] jpeg, byte[] tiff) {
    byte[] id = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int length = 2 + id.length + tiff.length;
    ByteBuffer seg = ByteBuffer.allocate(2 + length);
    seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(id).put(tiff);
    return insert(jpeg, 2, seg.array());
  }

  /** {@code jpeg} with an APP2 ICC_PROFILE segment carrying {@code profile} right after SOI. */
  static byte[] withJpegIcc(byte[] jpeg, java.awt.color.ICC_Profile profile) {
    byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] icc = profile.getData();
    int length = 2 + id.length + 2 + icc.length;
    ByteBuffer seg = ByteBuffer.allocate(2 + length);
    seg.put((byte) 0xFF).put((byte) 0xE2).putShort((short) length).put(id);
    seg.put((byte) 1).put((byte) 1).put(icc); // chunk 1 of 1
    return insert(jpeg, 2, seg.array());
  }

  /** {@code png} with an eXIf chunk carrying {@code tiff} right after IHDR. */
  static byte[] withPngExif(byte[] png, byte[] tiff) {
    return insert(png, 33, pngChunk("eXIf", tiff));
  }

  static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }

  /** {@code png} with its IHDR width and height replaced (and the CRC fixed). */
  static byte[] withPngDimensions(byte[] png, int width, int height) {
    byte[] out = png.clone();
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    b.putInt(29, (int) crc.getValue());
    return out;
  }

  /** {@code jpeg} with the dimensions in its first SOFn segment replaced. */
  static byte[] withJpegDimensions(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    int i = 2;
    while (i + 4 <= out.length) {
      int marker = out[i + 1] & 0xFF;
      int length = (out[i + 2] & 0xFF) << 8 | out[i + 3] & 0xFF;
      if (marker >= 0xC0 && marker <= 0xC3) {
        ByteBuffer.wrap(out).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
        return out;
      }
      i += 2 + length;
    }
    throw new IllegalArgumentException("no SOF segment");
  }

  static byte[] insert(byte[] data, int at, byte[] extra) {
    byte[] out = new byte[data.length + extra.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(data, at, out, at + extra.length, data.length - at);
    return out;
  }

  /** A test resource of this package (the WebP fixtures, made with libwebp's cwebp). */
  static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether two packed RGB colours differ by at most {@code tolerance} in every channel. */
  static boolean near(int rgb, int expected, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((rgb >> shift & 0xFF) - (expected >> shift & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
