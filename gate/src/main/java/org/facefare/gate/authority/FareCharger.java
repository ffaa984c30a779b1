package org.facefare.gate.authority;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The fare engine and ledger as the fare authority sees them: charge one passage, exactly once. */
public interface FareCharger {

  /**
   * Prices and charges a passage. Idempotent: a second call with the same request id returns the
   * first call's outcome and charges nothing, also after a crash between the two.
   *
   * @param requestId the gate request's id
   * @param rider the identified rider's pseudonym
   * @param gateId the gate
   * @param at when the rider was identified
   * @throws org.facefare.gate.protocol.MalformedRequestException if the request id was already used
   *     for another passage (another rider, gate or time): the gate's error, never a charge
   */
  ChargeOutcome charge(UUID requestId, String rider, String gateId, Instant at);

  /** What a charge did. */
  sealed interface ChargeOutcome {

    /**
     * Charged (possibly zero: a transfer or a reached cap).
     *
     * @param at the passage's instant as the ledger recorded it (the first attempt's, for a retry)
     * @param fareMinor the fare in minor units
     * @param currency the ISO 4217 code
     * @param explanation the rules that applied
     */
    record Charged(Instant at, long fareMinor, String currency, List<String> explanation)
        implements ChargeOutcome {

      /** Checks the fields. */
      public Charged {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(currency, "currency");
        explanation = List.copyOf(explanation);
      }
    }

    /** The wallet cannot pay, and the negative-balance policy refuses the ride. */
    record InsufficientFunds() implements ChargeOutcome {}
  }
}
