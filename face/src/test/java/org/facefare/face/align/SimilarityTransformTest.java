package org.facefare.face.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimilarityTransformTest {

  private static List<Point2> randomPoints(Random r, int n) {
    List<Point2> ps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ps.add(new Point2(r.nextDouble() * 500 - 100, r.nextDouble() * 400 - 50));
    }
    return ps;
  }

  private static List<Point2> mapAll(SimilarityTransform t, List<Point2> ps) {
    return ps.stream().map(t::apply).toList();
  }

  private static double residual(SimilarityTransform t, List<Point2> from, List<Point2> to) {
    double sum = 0;
    for (int i = 0; i < from.size(); i++) {
      Point2 p = t.apply(from.get(i));
      sum += Math.pow(p.x() - to.get(i).x(), 2) + Math.pow(p.y() - to.get(i).y(), 2);
    }
    return sum;
  }

  @ParameterizedTest(name = "{0} points")
  @ValueSource(ints = {2, 3, 5, 68})
  void recoversAKnownTransformExactly(int n) {
    Random r = new Random(n);
    for (int trial = 0; trial < 50; trial++) {
      SimilarityTransform truth =
          SimilarityTransform.of(
              0.05 + r.nextDouble() * 5,
              r.nextDouble() * 360 - 180,
              r.nextGaussian() * 300,
              r.nextGaussian() * 300);
      List<Point2> from = randomPoints(r, n);
      SimilarityTransform fit = SimilarityTransform.estimate(from, mapAll(truth, from));
      assertThat(fit.a()).isCloseTo(truth.a(), within(1e-9));
      assertThat(fit.b()).isCloseTo(truth.b(), within(1e-9));
      assertThat(fit.tx()).isCloseTo(truth.tx(), within(1e-7));
      assertThat(fit.ty()).isCloseTo(truth.ty(), within(1e-7));
    }
  }

  @Test
  void noisyFitIsTheLeastSquaresMinimum() {
    Random r = new Random(7);
    List<Point2> from = randomPoints(r, 12);
    SimilarityTransform truth = SimilarityTransform.of(1.7, 33, 20, -40);
    List<Point2> to =
        mapAll(truth, from).stream()
            .map(p -> new Point2(p.x() + r.nextGaussian() * 3, p.y() + r.nextGaussian() * 3))
            .toList();
    SimilarityTransform fit = SimilarityTransform.estimate(from, to);
    double best = residual(fit, from, to);
    double[] steps = {1e-4, -1e-4};
    for (int param = 0; param < 4; param++) {
      for (double d : steps) {
        double[] v = {fit.a(), fit.b(), fit.tx(), fit.ty()};
        v[param] += param < 2 ? d : 100 * d;
        SimilarityTransform nudged = new SimilarityTransform(v[0], v[1], v[2], v[3]);
        assertThat(residual(nudged, from, to)).as("param %d by %f", param, d).isGreaterThan(best);
      }
    }
    assertThat(fit.scale()).isCloseTo(1.7, within(0.05));
    assertThat(fit.rotationDegrees()).isCloseTo(33, within(1.5));
  }

  @Test
  void mirroredPointsGiveTheBestRotationNotAReflection() {
    List<Point2> from = List.of(new Point2(0, 0), new Point2(10, 0), new Point2(0, 5));
    List<Point2> mirrored = from.stream().map(p -> new Point2(-p.x(), p.y())).toList();
    SimilarityTransform fit = SimilarityTransform.estimate(from, mirrored);
    Point2 a = fit.apply(new Point2(0, 0));
    Point2 b = fit.apply(new Point2(10, 0));
    Point2 c = fit.apply(new Point2(0, 5));
    double orientation = (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
    assertThat(orientation).as("handedness kept").isPositive();
  }

  @Test
  void inverseUndoesTheTransform() {
    SimilarityTransform t = SimilarityTransform.of(2.5, -71, 13, 99);
    Point2 p = new Point2(-4.25, 17.5);
    Point2 back = t.inverse().apply(t.apply(p));
    assertThat(back.x()).isCloseTo(p.x(), within(1e-12));
    assertThat(back.y()).isCloseTo(p.y(), within(1e-12));
    assertThat(t.inverse().scale()).isCloseTo(1 / 2.5, within(1e-15));
    assertThat(t.inverse().rotationDegrees()).isCloseTo(71, within(1e-12));
  }

  @Test
  void degenerateInputsAreRefusedClearly() {
    Point2 p = new Point2(1, 2);
    Point2 q = new Point2(5, 9);
    assertThatThrownBy(() -> SimilarityTransform.estimate(List.of(p), List.of(q)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> SimilarityTransform.estimate(List.of(p, q), List.of(q)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ in size");
    assertThatThrownBy(() -> SimilarityTransform.estimate(List.of(p, p, p), List.of(p, q, q)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source points all coincide");
    assertThatThrownBy(() -> SimilarityTransform.estimate(List.of(p, q), List.of(q, q)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("destination points all coincide");
    List<Point2> square =
        List.of(new Point2(0, 0), new Point2(1, 0), new Point2(1, 1), new Point2(0, 1));
    List<Point2> scrambled =
        List.of(new Point2(0, 0), new Point2(1, 1), new Point2(0, 0), new Point2(1, 1));
    assertThatThrownBy(() -> SimilarityTransform.estimate(square, scrambled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unrelated");
    assertThatThrownBy(() -> new Point2(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SimilarityTransform(0, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-zero scale");
  }
}
