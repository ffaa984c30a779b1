package org.facefare.privacy.vault;

/** A failure of the template vault: a key that cannot be read, a ciphertext that does not open. */
public final class VaultException extends RuntimeException {

  /** Makes one with a message saying what failed. */
  public VaultException(String message) {
    super(message);
  }

  /** Makes one with a message and its cause. */
  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
