package org.facefare.face.eval;

/** The equal error rate of a verification run: where FMR and FNMR are equal, or why none exists. */
public sealed interface Eer {

  /** The rate where the interpolated DET curve crosses FMR = FNMR. */
  record Interpolated(double rate) implements Eer {
    /** Checks the rate. */
    public Interpolated {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("EER must be in [0, 1], got " + rate);
      }
    }
  }

  /** No crossing exists (pairs without a score already reject more genuine pairs than FMR). */
  record Undefined(String reason) implements Eer {}
}
