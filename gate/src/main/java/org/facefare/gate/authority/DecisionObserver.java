package org.facefare.gate.authority;

import org.facefare.gate.protocol.GateDecision;

/**
 * Told of every decision the {@link FareAuthority} makes, after it is made: the feed of the
 * operator's live statistics. It is given the gate, the decision and how long deciding took, never
 * who was identified; it must be quick and thread-safe, and its failures do not change a decision.
 */
@FunctionalInterface
public interface DecisionObserver {

  /** An observer that ignores every decision. */
  DecisionObserver NONE = (gateId, decision, elapsedNanos) -> {};

  /**
   * One decision.
   *
   * @param gateId the gate the request named (not yet verified when the request was refused)
   * @param decision the authority's answer
   * @param elapsedNanos from the request's arrival at the authority to the answer
   */
  void decided(String gateId, GateDecision decision, long elapsedNanos);

  /**
   * One decision with the time each of its stages took; by default {@link #decided(String,
   * GateDecision, long)}.
   */
  default void decided(String gateId, GateDecision decision, long elapsedNanos, Stages stages) {
    decided(gateId, decision, elapsedNanos);
  }

  /**
   * How long a decision's stages took, in nanoseconds, each 0 where the decision did not reach it.
   *
   * @param verifyNanos the request's verification: gate key, signature, clock window, nonce
   * @param matchNanos the gallery's open-set decision
   * @param chargeNanos the fare's charge and the identification's log entry: the ledger's queue and
   *     transaction, and the entry's place
   */
  record Stages(long verifyNanos, long matchNanos, long chargeNanos) {}
}
