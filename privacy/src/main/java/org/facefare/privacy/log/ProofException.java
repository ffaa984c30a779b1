package org.facefare.privacy.log;

/** A proof, tree head or stored log that does not verify; the message says where. */
public final class ProofException extends Exception {

  /** Makes one with the message that says what failed and where. */
  public ProofException(String message) {
    super(message);
  }
}
