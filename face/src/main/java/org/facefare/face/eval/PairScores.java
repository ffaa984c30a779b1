package org.facefare.face.eval;

/**
 * The verification comparisons of one evaluation: the scores of genuine (same identity) and
 * impostor pairs, ascending, and the pairs of each kind that have no score because one of their
 * images is unusable.
 */
public record PairScores(
    double[] genuine, double[] impostor, long genuineWithoutScore, long impostorWithoutScore) {

  /** Copies the scores, which must be ascending. */
  public PairScores {
    genuine = ascending(genuine, "genuine");
    impostor = ascending(impostor, "impostor");
    if (genuineWithoutScore < 0 || impostorWithoutScore < 0) {
      throw new IllegalArgumentException("pair counts must not be negative");
    }
  }

  /** A copy of the genuine scores, ascending. */
  @Override
  public double[] genuine() {
    return genuine.clone();
  }

  /** A copy of the impostor scores, ascending. */
  @Override
  public double[] impostor() {
    return impostor.clone();
  }

  /** All genuine pairs, with or without a score. */
  public long genuinePairs() {
    return genuine.length + genuineWithoutScore;
  }

  /** All impostor pairs, with or without a score. */
  public long impostorPairs() {
    return impostor.length + impostorWithoutScore;
  }

  double[] genuineView() {
    return genuine;
  }

  double[] impostorView() {
    return impostor;
  }

  private static double[] ascending(double[] scores, String what) {
    double[] copy = scores.clone();
    for (int i = 1; i < copy.length; i++) {
      if (!(copy[i - 1] <= copy[i])) {
        throw new IllegalArgumentException(what + " scores must be ascending and not NaN");
      }
    }
    if (copy.length == 1 && Double.isNaN(copy[0])) {
      throw new IllegalArgumentException(what + " scores must not be NaN");
    }
    return copy;
  }
}
