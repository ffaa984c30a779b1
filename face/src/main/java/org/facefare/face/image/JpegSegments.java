package org.facefare.face.image;

import java.util.Optional;

/**
 * What a walk over a JPEG file's marker segments finds before decoding: the Exif APP1 payload and
 * where the first scan starts ({@code -1} if the walk found none).
 */
record JpegSegments(Optional<ByteRange> exif, int firstScan) {

  private static final int SOI_LENGTH = 2;
  private static final int APP1 = 0xE1;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;
  private static final byte[] EXIF_ID = {'E', 'x', 'i', 'f', 0, 0};

  /**
   * Walks the segments from the start-of-image marker to the first start-of-scan, skipping each by
   * its declared length (so markers inside an embedded thumbnail are never mistaken for the main
   * image's), stopping early at anything malformed.
   */
  static JpegSegments parse(byte[] data) {
    ByteRange exif = null;
    int i = SOI_LENGTH;
    while (i + 4 <= data.length && data[i] == (byte) 0xFF) {
      int marker = data[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // a fill byte before the marker
        continue;
      }
      if (marker == SOS) {
        return new JpegSegments(Optional.ofNullable(exif), i);
      }
      if (isStandalone(marker)) {
        i += 2;
        continue;
      }
      int length = u16(data, i + 2);
      if (marker == EOI || length < 2 || i + 2 + length > data.length) {
        break;
      }
      if (exif == null && marker == APP1 && length >= 2 + EXIF_ID.length && hasExifId(data, i)) {
        exif = new ByteRange(i + 4 + EXIF_ID.length, length - 2 - EXIF_ID.length);
      }
      i += 2 + length;
    }
    return new JpegSegments(Optional.ofNullable(exif), -1);
  }

  /**
   * Whether an end-of-image marker follows the first scan: entropy-coded data cannot contain one
   * (0xFF bytes are stuffed), so its absence means the file was cut short.
   */
  boolean hasEndOfImage(byte[] data) {
    if (firstScan < 0) {
      return false;
    }
    for (int i = data.length - 2; i > firstScan; i--) {
      if (data[i] == (byte) 0xFF && (data[i + 1] & 0xFF) == EOI) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStandalone(int marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8);
  }

  private static boolean hasExifId(byte[] data, int segment) {
    for (int k = 0; k < EXIF_ID.length; k++) {
      if (data[segment + 4 + k] != EXIF_ID[k]) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] data, int i) {
    return (data[i] & 0xFF) << 8 | data[i + 1] & 0xFF;
  }
}
