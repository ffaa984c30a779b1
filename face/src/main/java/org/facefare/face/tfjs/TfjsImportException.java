package org.facefare.face.tfjs;

/**
 * A TensorFlow.js graph model that the importer cannot convert: malformed JSON or weights, or an
 * op, attribute or fused op it does not support (the message names the node and the op).
 */
public final class TfjsImportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A problem with the model as a whole. */
  public TfjsImportException(String message) {
    super(message);
  }

  /** A problem with the model as a whole, caused by another exception. */
  public TfjsImportException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem with one node; the message is prefixed with the node's name and op. */
  static TfjsImportException at(TfNode node, String message) {
    return new TfjsImportException("node '" + node.name() + "' (" + node.op() + "): " + message);
  }
}
