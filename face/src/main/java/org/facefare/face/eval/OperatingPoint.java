package org.facefare.face.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalDouble;

/**
 * A decision threshold chosen on the scores of non-matching comparisons (impostor pairs, or the top
 * scores of non-mated probes) so that at most a target fraction of all of them would be accepted.
 *
 * <p>A score is accepted when it is at least the threshold. The threshold is empty when the target
 * allows accepting every scored comparison (possible only when many comparisons have no score, see
 * {@link Evaluation}). The point is <em>resolved</em> when {@code target × negatives ≥ 1}: with
 * fewer comparisons the threshold sits above the highest non-matching score (observed rate 0), so a
 * rate measured there is a conservative bound for the target, not an estimate at it.
 *
 * @param target the largest false-positive fraction allowed, in (0, 1]
 * @param negatives all non-matching comparisons, scored or not (the denominator)
 * @param allowedFalse {@code floor(target × negatives)}
 * @param threshold the lowest accepted score, empty when every score is accepted
 * @param observedFalse the non-matching comparisons accepted at the threshold
 */
public record OperatingPoint(
    double target,
    long negatives,
    long allowedFalse,
    OptionalDouble threshold,
    long observedFalse) {

  /** Checks the fields. */
  public OperatingPoint {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target rate must be in (0, 1], got " + target);
    }
    if (negatives < 1 || observedFalse < 0 || observedFalse > allowedFalse) {
      throw new IllegalArgumentException(
          "inconsistent operating point: negatives "
              + negatives
              + ", allowed "
              + allowedFalse
              + ", observed "
              + observedFalse);
    }
  }

  /** Whether the non-matching comparisons are enough to resolve the target rate. */
  public boolean resolved() {
    return allowedFalse >= 1;
  }

  /** The false-positive fraction observed at the threshold. */
  public double observedRate() {
    return (double) observedFalse / negatives;
  }

  /** Whether a score is accepted at this point. */
  public boolean accepts(double score) {
    return threshold.isEmpty() || score >= threshold.getAsDouble();
  }

  /**
   * Chooses the lowest threshold that accepts at most {@code floor(target × negatives)} of the
   * scores.
   *
   * @param sortedScores the scored non-matching comparisons, ascending
   * @param negatives every non-matching comparison, including those without a score
   */
  static OperatingPoint choose(double target, double[] sortedScores, long negatives) {
    if (negatives < sortedScores.length || negatives < 1) {
      throw new IllegalArgumentException(
          negatives + " non-matching comparisons cannot hold " + sortedScores.length + " scores");
    }
    long allowed =
        BigDecimal.valueOf(target)
            .multiply(BigDecimal.valueOf(negatives))
            .setScale(0, RoundingMode.FLOOR)
            .longValueExact();
    if (allowed >= sortedScores.length) {
      return new OperatingPoint(
          target, negatives, allowed, OptionalDouble.empty(), sortedScores.length);
    }
    // The (allowed + 1)-th highest score must be rejected; everything strictly above it may pass.
    double highestRejected = sortedScores[sortedScores.length - 1 - (int) allowed];
    double threshold = Math.nextUp(highestRejected);
    long accepted = SortedScores.countAtLeast(sortedScores, threshold);
    return new OperatingPoint(target, negatives, allowed, OptionalDouble.of(threshold), accepted);
  }
}
