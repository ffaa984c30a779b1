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
import org.facefare.gate.protocol.MalformedRequestException;

/**
 * The fare authority's charger backed by the fare engine and the PostgreSQL ledger, which prices
 * and charges a request id exactly once; a request id reused for another passage is the gate's
 * error ({@link MalformedRequestException}, answered {@code 400}), never a charge. With {@link
 * LoggedCharges} the charge's transaction appends the identification's log entry too.
 */
public final class LedgerFareCharger implements FareCharger {

  private final Ledger ledger;
  private final LoggedCharges logged;

  /** A charger over {@code ledger}. */
  public LedgerFareCharger(Ledger ledger) {
    this(ledger, null);
  }

  /**
   * A charger over {@code ledger} whose charge transactions also append the identification's log
   * entry ({@code logged} is what the ledger's batches carry).
   */
  public LedgerFareCharger(Ledger ledger, LoggedCharges logged) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.logged = logged;
  }

  @Override
  public ChargeOutcome charge(UUID requestId, String rider, String gateId, Instant at) {
    if (logged == null) {
      return chargeLedger(requestId, rider, gateId, at);
    }
    String id = requestId.toString();
    logged.expect(id);
    try {
      return chargeLedger(requestId, rider, gateId, at);
    } finally {
      logged.answered(id);
    }
  }

  private ChargeOutcome chargeLedger(UUID requestId, String rider, String gateId, Instant at) {
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
      if (e.reason() == LedgerException.Reason.IDEMPOTENCY_CONFLICT) {
        // A gate reused a request id for another passage (another rider, gate or time): the
        // protocol's error, answered as a bad request, and nothing is charged.
        throw new MalformedRequestException(
            "request id "
                + requestId
                + " was already used for another passage; a retry must resend the same request,"
                + " a new passage needs a new request id",
            e);
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
