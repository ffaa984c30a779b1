package org.facefare.face.image;

import java.nio.charset.StandardCharsets;

/** Identifies an image format from the signature in its first bytes. */
final class FormatSniffer {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private FormatSniffer() {}

  /**
   * The accepted format these bytes are in.
   *
   * @throws ImageDecodeException {@code UNSUPPORTED_FORMAT} for a recognised format FaceFare does
   *     not accept, {@code NOT_AN_IMAGE} for anything else
   */
  static ImageFormat sniff(byte[] data) throws ImageDecodeException {
    if (startsWith(data, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
      return ImageFormat.JPEG;
    }
    if (startsWith(data, 0, PNG_SIGNATURE)) {
      return ImageFormat.PNG;
    }
    if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
      return ImageFormat.WEBP;
    }
    String other = otherFormat(data);
    if (other != null) {
      throw new ImageDecodeException(
          ImageDecodeException.Reason.UNSUPPORTED_FORMAT,
          other + " images are not accepted; send JPEG, PNG or WebP");
    }
    throw new ImageDecodeException(
        ImageDecodeException.Reason.NOT_AN_IMAGE,
        "no JPEG, PNG or WebP signature in the first bytes (" + data.length + " bytes in all)");
  }

  private static String otherFormat(byte[] data) {
    if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
      return "GIF";
    }
    if (startsWith(data, 0, ascii("II*\0")) || startsWith(data, 0, ascii("MM\0*"))) {
      return "TIFF";
    }
    if (startsWith(data, 4, ascii("ftyp"))) {
      return "HEIF/AVIF (ISO base media)";
    }
    if (startsWith(data, 0, new byte[] {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '})) {
      return "JPEG 2000";
    }
    if (startsWith(data, 0, ascii("BM")) && data.length >= 26) {
      return "BMP";
    }
    return null;
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (data.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
