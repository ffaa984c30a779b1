package org.facefare.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * One simulated walk up to a gate.
 *
 * @param at the simulated instant
 * @param gateId the gate
 * @param traveller who
 */
public record Passage(Instant at, String gateId, Traveller traveller) {

  /** Checks the fields. */
  public Passage {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(traveller, "traveller");
  }
}
