package org.facefare.storage;

/** A failure to start, reach or migrate FaceFare's PostgreSQL database. */
public final class StorageException extends RuntimeException {

  /** An exception with a message and its cause. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
