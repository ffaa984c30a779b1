package org.facefare.fares.dispute;

import java.util.Objects;

/** A dispute request that was refused with nothing written: the reason and a message saying why. */
public final class DisputeException extends RuntimeException {

  /** Why a request was refused. */
  public enum Reason {
    /** The rider has no charged trip with that request id. */
    UNKNOWN_TRIP,
    /** The trip cost nothing (capped or free): there is nothing to refund. */
    NOTHING_TO_REFUND,
    /** The trip already has an open dispute. */
    ALREADY_OPEN,
    /** The trip's fare was already refunded. */
    ALREADY_REFUNDED,
    /** No dispute with that number. */
    UNKNOWN_DISPUTE,
    /** The dispute was already decided the other way. */
    ALREADY_DECIDED,
    /** The database failed; the request may be retried. */
    STORAGE
  }

  private final Reason reason;

  /** An exception for {@code reason}. */
  public DisputeException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** An exception for {@code reason} with its cause. */
  public DisputeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the request was refused. */
  public Reason reason() {
    return reason;
  }
}
