package org.facefare.gate.transport;

import java.util.Objects;
import org.facefare.gate.protocol.GateDecision;

/** What a gate got from the fare authority: its decision, or nothing usable within the deadline. */
public sealed interface AuthorityAnswer {

  /** The text a gate shows when face pay cannot be used: the rider pays another way. */
  String UNAVAILABLE_TEXT = "Face pay unavailable — please use your card";

  /**
   * The authority decided.
   *
   * @param decision its decision
   */
  record Decided(GateDecision decision) implements AuthorityAnswer {

    /** Checks the decision. */
    public Decided {
      Objects.requireNonNull(decision, "decision");
    }
  }

  /**
   * No decision: the authority was unreachable, slow, failing, or the circuit breaker is open.
   *
   * @param why what happened, for the gate's log
   * @param retryable whether asking again (with the same request id) may get an answer: true for a
   *     timeout or a network or server failure, false when the breaker is open or the authority
   *     refused the request
   */
  record Unavailable(String why, boolean retryable) implements AuthorityAnswer {}
}
