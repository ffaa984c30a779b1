package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VerificationTest {

  private static final EvalSettings SETTINGS =
      EvalSettings.builder("test", "test")
          .farTargets(List.of(1e-2, 1e-3, 1e-4))
          .fmrThresholdTargets(List.of(1e-3, 1e-4))
          .build();

  private static VerificationResult evaluate(
      double[] genuine, double[] impostor, long genuineWithout, long impostorWithout) {
    double[] g = genuine.clone();
    double[] m = impostor.clone();
    Arrays.sort(g);
    Arrays.sort(m);
    return Verification.evaluate(new PairScores(g, m, genuineWithout, impostorWithout), SETTINGS)
        .orElseThrow("test");
  }

  private static double eer(VerificationResult v) {
    assertThat(v.eer()).isInstanceOf(Eer.Interpolated.class);
    return ((Eer.Interpolated) v.eer()).rate();
  }

  @Test
  void eerWhereTheStepsMeetTheDiagonal() {
    // Thresholds above 0.2, 0.3, 0.6: FMR 2/3, 1/3, 1/3 and FNMR 0, 0, 1/3.
    var v = evaluate(new double[] {0.9, 0.8, 0.6}, new double[] {0.7, 0.3, 0.2}, 0, 0);
    assertThat(eer(v)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void eerInterpolatesBetweenOperatingPoints() {
    // Above 0.4: (FMR 0.25, FNMR 0); above 0.5: (0.25, 0.5). The segment crosses at 0.25.
    var v = evaluate(new double[] {0.9, 0.5}, new double[] {0.6, 0.4, 0.3, 0.2}, 0, 0);
    assertThat(eer(v)).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void eerInterpolatesAlongBothAxes() {
    // Above 0.1: (FMR 0.5, FNMR 0); a genuine and an impostor tie at 0.5, so above 0.5 both rates
    // move at once to (0, 1). Crossing: 0.5 - 0.5 * lambda = lambda, lambda = 1/3.
    var v = evaluate(new double[] {0.5}, new double[] {0.5, 0.1}, 0, 0);
    assertThat(eer(v)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void separatedScoresHaveZeroEer() {
    var v = evaluate(new double[] {0.8, 0.9}, new double[] {0.1, 0.2, 0.3}, 0, 0);
    assertThat(eer(v)).isZero();
    assertThat(v.tarAtFar()).allSatisfy(t -> assertThat(t.tar()).isEqualTo(1.0));
  }

  @Test
  void genuinePairsWithoutScoreAreFalseNonMatches() {
    // One of two genuine pairs has no score: FNMR starts at 0.5; above 0.1: (FMR 0.5, FNMR 0.5).
    var v = evaluate(new double[] {0.9}, new double[] {0.1, 0.2}, 1, 0);
    assertThat(eer(v)).isCloseTo(0.5, within(1e-12));
    assertThat(v.tarAtFar()).allSatisfy(t -> assertThat(t.tar()).isLessThanOrEqualTo(0.5));
    assertThat(v.scores().genuinePairs()).isEqualTo(2);
  }

  @Test
  void eerUndefinedWhenFailuresExceedEveryFmr() {
    // FNMR >= 3/4 at every threshold, FMR <= 2/4.
    var v = evaluate(new double[] {0.9}, new double[] {0.1, 0.2}, 3, 2);
    assertThat(v.eer()).isInstanceOf(Eer.Undefined.class);
  }

  /** 1000 impostor scores 0.001 ... 1.000. */
  private static double[] thousandImpostors() {
    return IntStream.rangeClosed(1, 1000).mapToDouble(i -> i / 1000.0).toArray();
  }

  @Test
  void tarAtFarAcceptsAtMostTheAllowedImpostors() {
    var v = evaluate(new double[] {0.5, 0.98, 0.995, 0.999, 1.5}, thousandImpostors(), 0, 0);
    TarAtFar at1e2 = v.tarAtFar().get(0);
    // floor(0.01 * 1000) = 10 impostors may pass: those above 0.990.
    assertThat(at1e2.point().allowedFalse()).isEqualTo(10);
    assertThat(at1e2.point().observedFalse()).isEqualTo(10);
    assertThat(at1e2.point().resolved()).isTrue();
    assertThat(at1e2.acceptedGenuine()).isEqualTo(3); // 0.995, 0.999, 1.5
    assertThat(at1e2.tar()).isCloseTo(0.6, within(1e-12));
    TarAtFar at1e3 = v.tarAtFar().get(1);
    assertThat(at1e3.point().observedFalse()).isEqualTo(1); // 1.000 passes, 0.999 does not
    assertThat(at1e3.acceptedGenuine()).isEqualTo(1); // only 1.5
    TarAtFar at1e4 = v.tarAtFar().get(2);
    assertThat(at1e4.point().resolved()).isFalse(); // 0.1 impostors allowed: a bound at FAR 0
    assertThat(at1e4.point().observedFalse()).isZero();
    assertThat(at1e4.acceptedGenuine()).isEqualTo(1);
  }

  @Test
  void fmrThresholdsOnlyWhenResolved() {
    var v = evaluate(new double[] {0.5, 0.9}, thousandImpostors(), 0, 0);
    FmrThreshold at1e3 = v.thresholdAtFmr().get(0);
    assertThat(at1e3).isInstanceOf(FmrThreshold.Resolved.class);
    double t = ((FmrThreshold.Resolved) at1e3).threshold();
    assertThat(t).isGreaterThan(0.999).isLessThanOrEqualTo(1.0);
    FmrThreshold at1e4 = v.thresholdAtFmr().get(1);
    assertThat(at1e4).isInstanceOf(FmrThreshold.Unresolved.class);
    assertThat(((FmrThreshold.Unresolved) at1e4).reason())
        .contains("1000 impostor pairs")
        .contains("10000");
  }

  @Test
  void tiedImpostorScoresAreAllRejectedRatherThanExceedingTheTarget() {
    double[] tied = new double[10];
    Arrays.fill(tied, 0.5);
    OperatingPoint p = OperatingPoint.choose(0.5, tied, 10);
    assertThat(p.allowedFalse()).isEqualTo(5);
    assertThat(p.observedFalse()).isZero();
    assertThat(p.accepts(0.5)).isFalse();
  }

  @Test
  void impostorsWithoutScoreStayInTheDenominator() {
    // 10 impostor pairs, 8 without a score: FAR 0.1 allows 1 false match among the 2 scored.
    OperatingPoint p = OperatingPoint.choose(0.1, new double[] {0.2, 0.7}, 10);
    assertThat(p.allowedFalse()).isEqualTo(1);
    assertThat(p.observedFalse()).isEqualTo(1);
    assertThat(p.observedRate()).isEqualTo(0.1);
    OperatingPoint all = OperatingPoint.choose(0.5, new double[] {0.2, 0.7}, 10);
    assertThat(all.threshold()).isEmpty();
    assertThat(all.accepts(-1e9)).isTrue();
  }

  @Test
  void detCurveRunsFromAcceptAllToRejectAll() {
    var v = evaluate(new double[] {0.9, 0.8, 0.6}, new double[] {0.7, 0.3, 0.2}, 0, 0);
    assertThat(v.det().getFirst()).isEqualTo(new DetPoint(1, 0));
    assertThat(v.det().getLast()).isEqualTo(new DetPoint(0, 1));
  }

  @Test
  void noImpostorPairsIsSkippedWithAReason() {
    var result =
        Verification.evaluate(new PairScores(new double[] {0.5}, new double[0], 0, 0), SETTINGS);
    assertThat(result).isInstanceOf(Measured.Skipped.class);
    assertThat(((Measured.Skipped<VerificationResult>) result).reason()).contains("impostor");
  }
}
