package org.facefare.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;
import org.facefare.fares.FarePricer;
import org.facefare.fares.engine.FareEngine;
import org.facefare.fares.network.Gate;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;

/**
 * The fare engine the ledger benchmarks price with, and the gates and concession profiles they draw
 * entries from: the one point to change to benchmark another engine.
 *
 * @param description what prices, for the figures
 * @param pricer the engine
 * @param currency the fares' currency
 * @param gates the gates entries pass through
 * @param profiles the concession profiles riders hold, repeated by weight
 */
record LedgerPricing(
    String description,
    FarePricer pricer,
    Currency currency,
    List<String> gates,
    List<String> profiles) {

  /**
   * FaceFare's fare engine over the sample metro network and its sample Moscow-like policy (time
   * bands, 90-minute transfers, daily, weekly and monthly caps, concessions): its history lookups
   * reach back to the start of the service month or week. Riders are 80 % adult, 12 % student and 8
   * % pensioner.
   */
  static LedgerPricing sampleMetro() {
    Network network = Network.sampleMetro();
    FarePolicy policy = FarePolicy.sampleMetro();
    List<String> profiles = new ArrayList<>();
    profiles.addAll(Collections.nCopies(20, "adult"));
    profiles.addAll(Collections.nCopies(3, "student"));
    profiles.addAll(Collections.nCopies(2, "pensioner"));
    return new LedgerPricing(
        "FareEngine, network " + network.id() + ", policy " + policy.id(),
        new FareEngine(network, policy),
        policy.currency(),
        network.gates().stream().map(Gate::id).toList(),
        List.copyOf(profiles));
  }

  /** What prices, how many gates and which profiles, as one line for logs. */
  String summary() {
    return description
        + "; "
        + gates.size()
        + " gates; profiles "
        + profiles.stream().distinct().collect(Collectors.joining(", "));
  }
}
