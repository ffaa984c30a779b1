package org.facefare.fares.ledger;

import java.util.Objects;

/** A request the ledger refused, with nothing written: the reason and a message that says why. */
public final class LedgerException extends RuntimeException {

  /** Why a request was refused. */
  public enum Reason {
    /** No wallet for the rider. */
    UNKNOWN_RIDER,
    /** The fare engine could not price the entry (e.g. an unknown gate). */
    UNPRICEABLE_ENTRY,
    /** Two currencies met (e.g. a top-up in another currency than the wallet's). */
    CURRENCY_MISMATCH,
    /** An amount that is negative, zero where it must be positive, or too large. */
    INVALID_AMOUNT,
    /** An idempotency key or request id reused for a different request. */
    IDEMPOTENCY_CONFLICT,
    /** A charge or top-up to adjust that does not exist or moved no money. */
    UNKNOWN_ORIGINAL,
    /** The charge or top-up was already refunded or reversed under another key. */
    ALREADY_ADJUSTED,
    /** The database failed; the request may be retried with the same id. */
    STORAGE
  }

  private final Reason reason;

  /** An exception for {@code reason}. */
  public LedgerException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** An exception for {@code reason} with its cause. */
  public LedgerException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the request was refused. */
  public Reason reason() {
    return reason;
  }
}
