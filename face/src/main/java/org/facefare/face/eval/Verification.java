package org.facefare.face.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes verification results from the score matrix (see {@link Evaluation} for the protocol).
 */
final class Verification {

  /** Consecutive DET points closer than this factor on both axes are thinned out. */
  private static final double DET_STEP = 1.01;

  private Verification() {}

  /** The genuine and impostor pairs among the samples marked as members. */
  static PairScores pairs(List<Sample> samples, ScoreMatrix matrix, boolean[] member) {
    int n = samples.size();
    DoubleBuffer genuine = new DoubleBuffer();
    DoubleBuffer impostor = new DoubleBuffer();
    long genuineWithout = 0;
    long impostorWithout = 0;
    for (int i = 0; i < n; i++) {
      if (!member[i]) {
        continue;
      }
      String identity = samples.get(i).identity();
      for (int j = i + 1; j < n; j++) {
        if (!member[j]) {
          continue;
        }
        boolean same = identity.equals(samples.get(j).identity());
        if (matrix.usable(i) && matrix.usable(j)) {
          (same ? genuine : impostor).add(matrix.score(i, j));
        } else if (same) {
          genuineWithout++;
        } else {
          impostorWithout++;
        }
      }
    }
    return new PairScores(genuine.sorted(), impostor.sorted(), genuineWithout, impostorWithout);
  }

  /** Evaluates the pairs; needs at least one genuine and one impostor pair. */
  static Measured<VerificationResult> evaluate(PairScores pairs, EvalSettings settings) {
    if (pairs.genuinePairs() == 0 || pairs.impostorPairs() == 0) {
      return new Measured.Skipped<>(
          "verification needs genuine and impostor pairs, got "
              + pairs.genuinePairs()
              + " and "
              + pairs.impostorPairs());
    }
    double[] genuine = pairs.genuineView();
    double[] impostor = pairs.impostorView();
    Curve curve = Curve.sweep(pairs);
    List<TarAtFar> tars = new ArrayList<>();
    for (double far : settings.farTargets()) {
      OperatingPoint point = OperatingPoint.choose(far, impostor, pairs.impostorPairs());
      long accepted = SortedScores.countAccepted(genuine, point);
      tars.add(new TarAtFar(point, accepted, (double) accepted / pairs.genuinePairs()));
    }
    List<FmrThreshold> thresholds = new ArrayList<>();
    for (double fmr : settings.fmrThresholdTargets()) {
      thresholds.add(threshold(fmr, impostor, pairs.impostorPairs()));
    }
    return new Measured.Value<>(
        new VerificationResult(pairs, curve.eer(), tars, thresholds, curve.thinned()));
  }

  private static FmrThreshold threshold(double fmr, double[] impostor, long impostorPairs) {
    OperatingPoint point = OperatingPoint.choose(fmr, impostor, impostorPairs);
    if (!point.resolved()) {
      return new FmrThreshold.Unresolved(
          fmr,
          impostorPairs,
          String.format(
              "%d impostor pairs cannot resolve FMR %s: at least %.0f are needed",
              impostorPairs, Figures.rateLabel(fmr), Math.ceil(1 / fmr)));
    }
    if (point.threshold().isEmpty()) {
      return new FmrThreshold.Unresolved(
          fmr,
          impostorPairs,
          "only " + impostor.length + " impostor pairs have a score; every threshold meets it");
    }
    return new FmrThreshold.Resolved(point);
  }

  /** FMR and FNMR at every distinct threshold, from accepting every score to accepting none. */
  private record Curve(double[] fmr, double[] fnmr) {

    static Curve sweep(PairScores pairs) {
      double[] g = pairs.genuineView();
      double[] m = pairs.impostorView();
      double genuineTotal = pairs.genuinePairs();
      double impostorTotal = pairs.impostorPairs();
      int capacity = g.length + m.length + 1;
      double[] fmr = new double[capacity];
      double[] fnmr = new double[capacity];
      fmr[0] = m.length / impostorTotal;
      fnmr[0] = pairs.genuineWithoutScore() / genuineTotal;
      int points = 1;
      int i = 0;
      int j = 0;
      while (i < g.length || j < m.length) {
        double v =
            Math.min(
                i < g.length ? g[i] : Double.POSITIVE_INFINITY,
                j < m.length ? m[j] : Double.POSITIVE_INFINITY);
        while (i < g.length && g[i] <= v) {
          i++;
        }
        while (j < m.length && m[j] <= v) {
          j++;
        }
        // The threshold just above v: scores <= v are rejected.
        fmr[points] = (m.length - j) / impostorTotal;
        fnmr[points] = (pairs.genuineWithoutScore() + i) / genuineTotal;
        points++;
      }
      return new Curve(Arrays.copyOf(fmr, points), Arrays.copyOf(fnmr, points));
    }

    /** Interpolates linearly between the last point with FNMR ≤ FMR and the next one. */
    Eer eer() {
      double first = fnmr[0] - fmr[0];
      if (first > 0) {
        return new Eer.Undefined(
            String.format(
                "pairs without a score reject %.4f of genuine pairs while the lowest threshold"
                    + " accepts only %.4f of impostor pairs",
                fnmr[0], fmr[0]));
      }
      for (int k = 1; k < fmr.length; k++) {
        double d = fnmr[k] - fmr[k];
        if (d >= 0) {
          double prev = fnmr[k - 1] - fmr[k - 1];
          double lambda = prev == d ? 0 : prev / (prev - d);
          return new Eer.Interpolated(fmr[k - 1] + lambda * (fmr[k] - fmr[k - 1]));
        }
      }
      throw new IllegalStateException("a DET sweep always ends at FMR 0, FNMR 1");
    }

    /** The curve without points that are within {@link #DET_STEP} of the last one kept. */
    List<DetPoint> thinned() {
      List<DetPoint> kept = new ArrayList<>();
      int last = 0;
      kept.add(new DetPoint(fmr[0], fnmr[0]));
      for (int k = 1; k < fmr.length; k++) {
        boolean end = k == fmr.length - 1;
        if (end || far(fmr[k], fmr[last]) || far(fnmr[k], fnmr[last])) {
          kept.add(new DetPoint(fmr[k], fnmr[k]));
          last = k;
        }
      }
      return kept;
    }

    private static boolean far(double a, double b) {
      if (a == 0 || b == 0) {
        return a != b;
      }
      return Math.max(a, b) / Math.min(a, b) >= DET_STEP;
    }
  }

  /** A growable array of doubles. */
  private static final class DoubleBuffer {
    private double[] values = new double[1024];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double[] sorted() {
      double[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }
}
