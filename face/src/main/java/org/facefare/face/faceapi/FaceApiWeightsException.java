package org.facefare.face.faceapi;

import java.io.IOException;

/**
 * A face-api.js weights manifest, shard or weight set that cannot be read or does not fit the
 * network it is declared for; the message names the file or weight at fault.
 */
public final class FaceApiWeightsException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public FaceApiWeightsException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public FaceApiWeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
