package org.facefare.face.image;

import java.util.Objects;

/** The checked failure of {@link ImageDecoder}: why some bytes did not become an image. */
public final class ImageDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What was wrong with the input, in the order the decoder checks. */
  public enum Reason {
    /** No bytes at all. */
    EMPTY,
    /** More bytes than {@link ImageDecoder.Settings#maxBytes()}. */
    TOO_MANY_BYTES,
    /** The bytes start with no known image signature. */
    NOT_AN_IMAGE,
    /** A known image format that FaceFare does not accept (GIF, BMP, TIFF, HEIF, …). */
    UNSUPPORTED_FORMAT,
    /** The header declares more pixels than {@link ImageDecoder.Settings#maxPixels()}. */
    TOO_MANY_PIXELS,
    /** A supported format whose data is truncated, inconsistent or otherwise undecodable. */
    CORRUPT,
    /** The input stream itself failed while being read. */
    READ_FAILED
  }

  private final Reason reason;

  ImageDecodeException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = Objects.requireNonNull(reason);
  }

  ImageDecodeException(Reason reason, String detail, Throwable cause) {
    super(reason + ": " + detail, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  /** Why decoding failed. */
  public Reason reason() {
    return reason;
  }
}
