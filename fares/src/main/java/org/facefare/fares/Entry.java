package org.facefare.fares;

import java.time.Instant;
import java.util.Objects;

/**
 * A rider's entry through a gate at an instant: what the fare engine prices.
 *
 * @param gateId the gate's id in the network model
 * @param at when the rider passed
 */
public record Entry(String gateId, Instant at) {

  /** Checks the fields. */
  public Entry {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(at, "at");
    if (gateId.isBlank()) {
      throw new IllegalArgumentException("gate id is blank");
    }
  }
}
