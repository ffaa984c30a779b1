package org.facefare.server.wiring;

import java.time.Instant;
import java.util.Objects;
import org.facefare.fares.ledger.Ledger;
import org.facefare.fares.network.Network;
import org.facefare.privacy.retention.RetentionTarget;

/**
 * The ledger's trip records as a retention target: expired trips are counted per station of the
 * network model and their per-rider records deleted, the money journal untouched.
 */
final class TripRetentionTarget implements RetentionTarget {

  private final Ledger ledger;
  private final Network network;

  TripRetentionTarget(Ledger ledger, Network network) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public String name() {
    return "trip records";
  }

  @Override
  public long expireBefore(Instant cutoff) {
    return ledger.forgetTripsBefore(cutoff, gate -> stationOf(network, gate));
  }

  /** The station id of a gate, or a marker for a gate the network no longer has. */
  static String stationOf(Network network, String gate) {
    return network.gate(gate).isPresent()
        ? network.stationOfGate(gate).id()
        : "gone:" + gate.substring(0, Math.min(gate.length(), 120));
  }
}
