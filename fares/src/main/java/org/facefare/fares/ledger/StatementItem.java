package org.facefare.fares.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.network.Network;
import org.facefare.fares.network.Station;

/** One line of a rider's statement: a trip, a top-up, or a refund or reversal. */
public sealed interface StatementItem {

  /** When it happened: a trip's entry time, a top-up's or adjustment's recording time. */
  Instant at();

  /** Where this item sits in the statement's order, to page on from it. */
  StatementCursor cursor();

  /**
   * An entry at a gate the ledger priced: charged (possibly zero) or denied.
   *
   * @param requestId the gate request's id
   * @param gateId the gate
   * @param at the entry's instant
   * @param charged whether the rider was charged and let through
   * @param quote the fare, the policy version that priced it and the rules that applied
   * @param balanceAfter the balance right after it (unchanged when denied)
   * @param denial why the entry was refused, if it was
   */
  record Trip(
      String requestId,
      String gateId,
      Instant at,
      boolean charged,
      FareQuote quote,
      Money balanceAfter,
      Optional<String> denial)
      implements StatementItem {

    /** Checks the fields. */
    public Trip {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(gateId, "gateId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
      Objects.requireNonNull(denial, "denial");
      if (charged == denial.isPresent()) {
        throw new IllegalArgumentException("a trip is charged or has a denial, not both");
      }
    }

    /** The fare charged (zero when denied). */
    public Money amount() {
      return charged ? quote.amount() : Money.zero(quote.amount().currency());
    }

    /** The rules that applied, as the receipt shows them. */
    public List<String> explanation() {
      return quote.explanation();
    }

    /** The station of the gate in {@code network}, if the network still has the gate. */
    public Optional<Station> station(Network network) {
      return network.gate(gateId).map(g -> network.stationOfGate(gateId));
    }

    @Override
    public StatementCursor cursor() {
      return new StatementCursor(at, "c:" + requestId);
    }
  }

  /**
   * A top-up: credited, or declined by the payment provider.
   *
   * @param key the top-up's idempotency key
   * @param at when it was recorded
   * @param amount the amount asked
   * @param providerReference the payment provider's reference
   * @param declineReason the provider's reason, if declined
   * @param balanceAfter the balance right after the credit, if credited
   */
  record TopUp(
      String key,
      Instant at,
      Money amount,
      String providerReference,
      Optional<String> declineReason,
      Optional<Money> balanceAfter)
      implements StatementItem {

    /** Checks the fields. */
    public TopUp {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(providerReference, "providerReference");
      Objects.requireNonNull(declineReason, "declineReason");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
      if (declineReason.isPresent() == balanceAfter.isPresent()) {
        throw new IllegalArgumentException("a top-up is credited (a balance) or declined");
      }
    }

    /** Whether the wallet was credited. */
    public boolean credited() {
      return balanceAfter.isPresent();
    }

    @Override
    public StatementCursor cursor() {
      return new StatementCursor(at, "t:" + key);
    }
  }

  /**
   * A refund of a fare (credit) or a reversal of a disputed top-up (debit), as a new entry.
   *
   * @param key the adjustment's idempotency key
   * @param at when it was recorded
   * @param kind refund or reversal
   * @param amount the amount that moved (positive)
   * @param balanceAfter the balance right after it
   * @param reason why
   * @param original the refunded trip's request id or the reversed top-up's key; empty once the
   *     refunded trip's detail has expired under retention
   */
  record Adjusted(
      String key,
      Instant at,
      AdjustmentKind kind,
      Money amount,
      Money balanceAfter,
      String reason,
      Optional<String> original)
      implements StatementItem {

    /** Checks the fields. */
    public Adjusted {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(original, "original");
    }

    @Override
    public StatementCursor cursor() {
      return new StatementCursor(at, "a:" + key);
    }
  }

  /** What an {@link Adjusted} item did. */
  enum AdjustmentKind {
    /** A fare given back to the wallet. */
    REFUND,
    /** A disputed top-up taken back out of the wallet. */
    TOP_UP_REVERSAL
  }
}
