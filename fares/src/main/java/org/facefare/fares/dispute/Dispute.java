package org.facefare.fares.dispute;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.wallet.RiderId;

/**
 * A rider's dispute of one charged trip, with the trip it disputes and its decision once made.
 *
 * @param id the dispute's number
 * @param trip the disputed trip
 * @param rider whose trip it is (the rider's pseudonym)
 * @param reason the rider's words, 1–500 characters
 * @param openedAt when the rider opened it
 * @param decision the operator's decision, empty while the dispute is open
 */
public record Dispute(
    long id,
    Trip trip,
    RiderId rider,
    String reason,
    Instant openedAt,
    Optional<Decision> decision) {

  /** The longest reason, of a dispute or a rejection, in characters. */
  public static final int MAX_REASON = 500;

  /** Where a dispute stands. */
  public enum State {
    /** Waiting for the operator. */
    OPEN,
    /** Approved: the fare was refunded to the rider's wallet. */
    APPROVED,
    /** Rejected with a reason. */
    REJECTED
  }

  /**
   * A charged trip as a dispute shows it.
   *
   * @param requestId the gate request's id, which names the charge
   * @param gateId the gate entered
   * @param at when
   * @param fare what was charged
   */
  public record Trip(String requestId, String gateId, Instant at, Money fare) {

    /** Checks the fields. */
    public Trip {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(gateId, "gateId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(fare, "fare");
    }
  }

  /**
   * The operator's decision.
   *
   * @param state {@link State#APPROVED} or {@link State#REJECTED}
   * @param at when it was decided
   * @param by the member of staff who decided (their account id)
   * @param reason why it was rejected; empty for an approval
   * @param refunded what went back to the wallet; present exactly for an approval
   */
  public record Decision(
      State state, Instant at, String by, Optional<String> reason, Optional<Money> refunded) {

    /** Checks the fields. */
    public Decision {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(refunded, "refunded");
      if (state == State.OPEN) {
        throw new IllegalArgumentException("a decision approves or rejects");
      }
      if ((state == State.APPROVED) != refunded.isPresent()
          || (state == State.REJECTED) != reason.isPresent()) {
        throw new IllegalArgumentException(
            "an approval carries a refund and a rejection a reason, not " + state);
      }
    }
  }

  /** Checks the fields. */
  public Dispute {
    Objects.requireNonNull(trip, "trip");
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(decision, "decision");
  }

  /** Where the dispute stands. */
  public State state() {
    return decision.map(Decision::state).orElse(State.OPEN);
  }
}
