package org.facefare.gate.protocol;

/** A gate request body that is not a well-formed request of the protocol. */
public final class MalformedRequestException extends RuntimeException {

  /** An exception saying what is wrong with the body. */
  public MalformedRequestException(String message) {
    super(message);
  }

  /** An exception saying what is wrong with the body, with the parser's error. */
  public MalformedRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
