package org.facefare.face.image;

import java.util.Optional;

/**
 * Reads the EXIF Orientation tag of a JPEG (APP1), PNG ({@code eXIf}) or WebP ({@code EXIF}) file
 * in memory; anything missing, malformed or out of range reads as {@link Orientation#NORMAL}, since
 * the pixels, not the metadata, are what must decode.
 */
final class ExifOrientation {

  private static final int ORIENTATION_TAG = 0x0112;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;
  private static final int TIFF_MAGIC = 42;
  private static final int IFD_ENTRY = 12;

  private ExifOrientation() {}

  /** The orientation recorded in {@code data}, which has been sniffed as {@code format}. */
  static Orientation read(byte[] data, ImageFormat format) {
    Optional<ByteRange> tiff =
        switch (format) {
          case JPEG -> JpegSegments.parse(data).exif();
          case PNG -> pngExif(data);
          case WEBP -> webpExif(data);
        };
    return tiff.map(r -> orientation(data, r)).orElse(Orientation.NORMAL);
  }

  /** The {@code eXIf} chunk's data: PNG chunks are length (big-endian), type, data, CRC. */
  private static Optional<ByteRange> pngExif(byte[] data) {
    long i = 8;
    while (i + 8 <= data.length) {
      int at = (int) i;
      long length = u32(data, at, false);
      if (at + 8 + length > data.length) {
        break;
      }
      if (isType(data, at + 4, "eXIf")) {
        return Optional.of(new ByteRange(at + 8, (int) length));
      }
      if (isType(data, at + 4, "IEND")) {
        break;
      }
      i = at + 12 + length;
    }
    return Optional.empty();
  }

  /**
   * The {@code EXIF} chunk's data, past an "Exif\0\0" prefix that some writers add: WebP chunks are
   * FourCC, length (little-endian), data padded to an even length.
   */
  private static Optional<ByteRange> webpExif(byte[] data) {
    long i = 12;
    while (i + 8 <= data.length) {
      int at = (int) i;
      long length = u32(data, at + 4, true);
      if (at + 8 + length > data.length) {
        break;
      }
      if (isType(data, at, "EXIF")) {
        boolean prefixed = length >= 6 && isType(data, at + 8, "Exif") && data[at + 12] == 0;
        int skip = prefixed ? 6 : 0;
        return Optional.of(new ByteRange(at + 8 + skip, (int) length - skip));
      }
      i = at + 8 + length + (length & 1);
    }
    return Optional.empty();
  }

  /** The Orientation entry of IFD0 in the TIFF structure at {@code r}, or NORMAL. */
  private static Orientation orientation(byte[] data, ByteRange r) {
    if (r.length() < 8) {
      return Orientation.NORMAL;
    }
    int base = r.offset();
    boolean little;
    if (data[base] == 'I' && data[base + 1] == 'I') {
      little = true;
    } else if (data[base] == 'M' && data[base + 1] == 'M') {
      little = false;
    } else {
      return Orientation.NORMAL;
    }
    if (u16(data, base + 2, little) != TIFF_MAGIC) {
      return Orientation.NORMAL;
    }
    long ifd = u32(data, base + 4, little);
    if (ifd + 2 > r.length()) {
      return Orientation.NORMAL;
    }
    int entries = u16(data, base + (int) ifd, little);
    for (int k = 0; k < entries; k++) {
      long entry = ifd + 2 + (long) k * IFD_ENTRY;
      if (entry + IFD_ENTRY > r.length()) {
        break;
      }
      int e = base + (int) entry;
      if (u16(data, e, little) == ORIENTATION_TAG) {
        return value(data, e, little);
      }
    }
    return Orientation.NORMAL;
  }

  private static Orientation value(byte[] data, int entry, boolean little) {
    int type = u16(data, entry + 2, little);
    long count = u32(data, entry + 4, little);
    long v;
    if (count != 1) {
      return Orientation.NORMAL;
    } else if (type == TYPE_SHORT) {
      v = u16(data, entry + 8, little);
    } else if (type == TYPE_LONG) {
      v = u32(data, entry + 8, little);
    } else {
      return Orientation.NORMAL;
    }
    return v >= 1 && v <= 8 ? Orientation.fromExif((int) v) : Orientation.NORMAL;
  }

  private static boolean isType(byte[] data, int at, String fourCc) {
    for (int k = 0; k < 4; k++) {
      if (data[at + k] != fourCc.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] d, int i, boolean little) {
    int a = d[i] & 0xFF;
    int b = d[i + 1] & 0xFF;
    return little ? b << 8 | a : a << 8 | b;
  }

  private static long u32(byte[] d, int i, boolean little) {
    long hi = u16(d, little ? i + 2 : i, little);
    long lo = u16(d, little ? i : i + 2, little);
    return hi << 16 | lo;
  }
}
