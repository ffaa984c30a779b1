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
}
