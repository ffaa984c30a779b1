package org.facefare.face.models;

/** Thrown when the models cannot be downloaded, verified or extracted; the message says why. */
public final class ModelFetchException extends Exception {

  private static final long serialVersionUID = 1L;

  ModelFetchException(String message) {
    super(message);
  }

  ModelFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
