package org.facefare.face.onnx;

/** Thrown when an ONNX model cannot be loaded or run; the message names the model. */
public final class OnnxModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public OnnxModelException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public OnnxModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
