package org.facefare.face.eval;

/** The score threshold for a target false match rate, or why the impostor pairs cannot give one. */
public sealed interface FmrThreshold {

  /** The target rate. */
  double target();

  /** A threshold resolved by at least {@code 1 / target} impostor pairs. */
  record Resolved(OperatingPoint point) implements FmrThreshold {
    /** Checks the point is resolved. */
    public Resolved {
      if (!point.resolved() || point.threshold().isEmpty()) {
        throw new IllegalArgumentException("not a resolved threshold: " + point);
      }
    }

    @Override
    public double target() {
      return point.target();
    }

    /** The threshold: scores at least this match. */
    public double threshold() {
      return point.threshold().getAsDouble();
    }
  }

  /** No threshold: too few impostor pairs, or none with a score above the allowed count. */
  record Unresolved(double target, long impostorPairs, String reason) implements FmrThreshold {}
}
