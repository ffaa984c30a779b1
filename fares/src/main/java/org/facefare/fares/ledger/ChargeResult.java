package org.facefare.fares.ledger;

import java.util.Objects;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;

/** The ledger's answer to a {@link ChargeRequest}: the same answer to every retry of it. */
public sealed interface ChargeResult {

  /** The request's id. */
  String requestId();

  /** The fare the engine quoted, with the rules that applied. */
  FareQuote quote();

  /** The wallet's balance after the request. */
  Money balanceAfter();

  /** Whether this answer repeats one recorded by an earlier attempt. */
  boolean replayed();

  /**
   * The rider was charged {@code quote().amount()} (possibly zero) and may pass.
   *
   * @param requestId the request's id
   * @param quote the fare and why
   * @param balanceAfter the balance after the charge (negative after an allowed last ride)
   * @param replayed whether an earlier attempt recorded this answer
   */
  record Charged(String requestId, FareQuote quote, Money balanceAfter, boolean replayed)
      implements ChargeResult {

    /** Checks the fields. */
    public Charged {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
    }
  }

  /**
   * The rider was not charged and may not pass.
   *
   * @param requestId the request's id
   * @param quote the fare that was due
   * @param balanceAfter the unchanged balance
   * @param reason why, for the gate's display and the rider's history
   * @param replayed whether an earlier attempt recorded this answer
   */
  record Denied(
      String requestId, FareQuote quote, Money balanceAfter, String reason, boolean replayed)
      implements ChargeResult {

    /** Checks the fields. */
    public Denied {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
