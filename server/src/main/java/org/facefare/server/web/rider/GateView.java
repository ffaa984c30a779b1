package org.facefare.server.web.rider;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.gate.edge.Turnstile;
import org.facefare.server.enrolment.Advice;

/**
 * What a "try a gate" page shows after a frame: the gate, its turnstile, the gate's advice on the
 * last frame and the authority's decision, if one was made on it.
 *
 * @param gateId the gate
 * @param station the gate's station name
 * @param turnstile the turnstile's state
 * @param advice the face pipeline's advice on the last frame (empty when the frame was not looked
 *     at, e.g. while the turnstile is open)
 * @param decision the decision made on the last frame, if any
 */
public record GateView(
    String gateId,
    String station,
    Turnstile.State turnstile,
    Optional<Advice> advice,
    Optional<Decision> decision) {

  /** Checks the fields. */
  public GateView {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(turnstile, "turnstile");
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(decision, "decision");
  }

  /**
   * A decision as the gate's display shows it.
   *
   * @param outcome {@code OPEN}, a deny reason such as {@code NO_MATCH}, or {@code UNAVAILABLE}
   * @param displayText the gate's own words (English, as the gate's screen shows them)
   * @param fareMinor the fare charged, in minor units (0 unless open)
   * @param currency the fare's currency (empty unless open)
   * @param explanation the fare rules that applied (empty unless open)
   * @param latencyMillis from the frame's arrival to the decision
   */
  public record Decision(
      String outcome,
      String displayText,
      long fareMinor,
      String currency,
      List<String> explanation,
      long latencyMillis) {

    /** Checks the fields. */
    public Decision {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(displayText, "displayText");
      Objects.requireNonNull(currency, "currency");
      explanation = List.copyOf(explanation);
    }

    /** Whether the gate opened. */
    public boolean open() {
      return outcome.equals("OPEN");
    }

    /** The key of the outcome's text in the rider bundle, e.g. {@code rider.gate.outcome.open}. */
    public String messageKey() {
      return "rider.gate.outcome." + outcome.toLowerCase(java.util.Locale.ROOT);
    }
  }
}
