package org.facefare.server.live;

import java.util.ArrayList;
import java.util.List;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;

/** The outcomes the live statistics count: the gate opened, a deny reason, or no answer in time. */
final class Outcome {

  /** Every outcome's name, in the order of the counts arrays. */
  static final List<String> NAMES;

  /** The index of "the gate opened". */
  static final int OPEN = 0;

  /** The index of "the gate got no decision in time" (a gate event, not an authority decision). */
  static final int UNAVAILABLE;

  static {
    List<String> names = new ArrayList<>();
    names.add("OPEN");
    for (DenyReason r : DenyReason.values()) {
      names.add(r.name());
    }
    names.add("UNAVAILABLE");
    NAMES = List.copyOf(names);
    UNAVAILABLE = NAMES.size() - 1;
  }

  private Outcome() {}

  static int of(GateDecision decision) {
    return switch (decision) {
      case GateDecision.Open o -> OPEN;
      case GateDecision.Deny d -> 1 + d.reason().ordinal();
    };
  }
}
