package org.facefare.gate.protocol;

import java.util.Objects;

/** The fare authority's answer to a gate: open for this receipt, or stay closed for this reason. */
public sealed interface GateDecision {

  /**
   * Open the turnstile: the rider was identified and charged.
   *
   * @param receipt the rider's proof of the passage
   */
  record Open(Receipt receipt) implements GateDecision {

    /** Checks the receipt. */
    public Open {
      Objects.requireNonNull(receipt, "receipt");
    }
  }

  /**
   * Keep the turnstile closed.
   *
   * @param reason why; {@link DenyReason#displayText()} is what the gate shows
   */
  record Deny(DenyReason reason) implements GateDecision {

    /** Checks the reason. */
    public Deny {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
