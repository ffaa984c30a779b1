package org.facefare.gate.edge;

import java.time.Duration;
import java.util.Objects;
import org.facefare.gate.protocol.GateDecision;

/** Something a gate shows or does, as its display and logs see it. */
public sealed interface GateEvent {

  /**
   * Advice to the rider from the gate's own checks, e.g. "Please step closer".
   *
   * @param text what the gate shows
   */
  record Feedback(String text) implements GateEvent {}

  /**
   * The authority decided.
   *
   * @param decision the decision
   * @param latency from the arrival of the frame that closed the face track to the decision
   */
  record Decided(GateDecision decision, Duration latency) implements GateEvent {

    /** Checks the fields. */
    public Decided {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(latency, "latency");
    }
  }

  /**
   * No decision in time: the gate shows "use your card".
   *
   * @param why what happened
   * @param latency from the frame to giving up
   */
  record Unavailable(String why, Duration latency) implements GateEvent {}

  /**
   * The turnstile moved.
   *
   * @param transition what changed
   */
  record TurnstileMoved(Turnstile.Transition transition) implements GateEvent {}
}
