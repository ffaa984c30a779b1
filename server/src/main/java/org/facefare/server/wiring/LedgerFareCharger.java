package org.facefare.server.wiring;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.facefare.fares.Entry;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.Ledger;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.wallet.RiderId;
import org.facefare.gate.authority.FareCharger;

/**
 * The fare authority's charger backed by the fare engine and the PostgreSQL ledger, which prices
 * and charges a request id exactly once.
 */
public final class LedgerFareCharger implements FareCharger {

  private final Ledger ledger;

  /** A charger over {@code ledger}. */
  public LedgerFareCharger(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public ChargeOutcome charge(UUID requestId, String rider, String gateId, Instant at) {
    ChargeResult result;
    try {
      result =
          ledger.charge(
              new ChargeRequest(requestId.toString(), new RiderId(rider), new Entry(gateId, at)));
    } catch (LedgerException e) {
      if (e.reason() == LedgerException.Reason.UNKNOWN_RIDER) {
        // A rider identified but without a wallet cannot pay: the gate stays closed.
        return new ChargeOutcome.InsufficientFunds();
      }
      throw e;
    }
    return switch (result) {
      case ChargeResult.Charged c ->
          new ChargeOutcome.Charged(
              at,
              c.quote().amount().minor(),
              c.quote().amount().currency().getCurrencyCode(),
              c.quote().explanation());
      case ChargeResult.Denied d -> new ChargeOutcome.InsufficientFunds();
    };
  }
}
