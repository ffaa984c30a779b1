package org.facefare.gate.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The rider's proof of one face-pay passage: what was charged, why, and where the identification
 * sits in the transparency log.
 *
 * @param requestId the gate request it answers
 * @param gateId the gate
 * @param at when the rider was identified (the request's instant)
 * @param fareMinor the fare charged, in minor units
 * @param currency the ISO 4217 currency code
 * @param explanation the fare rules that applied, in order
 * @param logIndex the identification's leaf index in the transparency log
 */
public record Receipt(
    UUID requestId,
    String gateId,
    Instant at,
    long fareMinor,
    String currency,
    List<String> explanation,
    long logIndex) {

  /** Checks the fields. */
  public Receipt {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(currency, "currency");
    explanation = List.copyOf(explanation);
    if (fareMinor < 0) {
      throw new IllegalArgumentException("a fare is never negative: " + fareMinor);
    }
    if (logIndex < 0) {
      throw new IllegalArgumentException("log index must not be negative: " + logIndex);
    }
  }
}
