package org.facefare.face.align;

import java.util.List;

/**
 * A 2-D similarity transform, rotation with uniform scale then translation, mapping (x, y) to
 * {@code (a·x − b·y + tx, b·x + a·y + ty)}; {@code a = s·cos θ}, {@code b = s·sin θ}.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /** The transform that leaves every point where it is. */
  public static final SimilarityTransform IDENTITY = new SimilarityTransform(1, 0, 0, 0);

  /** Checks that the parameters are finite and the scale is not zero. */
  public SimilarityTransform {
    if (!Double.isFinite(a)
        || !Double.isFinite(b)
        || !Double.isFinite(tx)
        || !Double.isFinite(ty)) {
      throw new IllegalArgumentException(
          "similarity parameters must be finite, got a="
              + a
              + " b="
              + b
              + " tx="
              + tx
              + " ty="
              + ty);
    }
    if (a == 0 && b == 0) {
      throw new IllegalArgumentException("a similarity transform needs a non-zero scale");
    }
  }

  /**
   * The transform that scales by {@code scale}, turns by {@code degrees} (clockwise on screen,
   * since y points down) about the origin, then shifts by ({@code tx}, {@code ty}).
   */
  public static SimilarityTransform of(double scale, double degrees, double tx, double ty) {
    double rad = Math.toRadians(degrees);
    return new SimilarityTransform(scale * Math.cos(rad), scale * Math.sin(rad), tx, ty);
  }

  /**
   * The least-squares similarity taking each {@code from} point to the {@code to} point at the same
   * index (Umeyama 1991, without reflection).
   *
   * @throws IllegalArgumentException if the lists differ in size, hold fewer than two points, or
   *     either list's points all coincide
   */
  public static SimilarityTransform estimate(List<Point2> from, List<Point2> to) {
    return SimilarityEstimator.estimate(from, to);
  }

  /** The image of {@code p}. */
  public Point2 apply(Point2 p) {
    return new Point2(applyX(p.x(), p.y()), applyY(p.x(), p.y()));
  }

  double applyX(double x, double y) {
    return a * x - b * y + tx;
  }

  double applyY(double x, double y) {
    return b * x + a * y + ty;
  }

  /** The transform that undoes this one. */
  public SimilarityTransform inverse() {
    double n = a * a + b * b;
    double ia = a / n;
    double ib = -b / n;
    return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
  }

  /** The uniform scale factor {@code s}. */
  public double scale() {
    return Math.hypot(a, b);
  }

  /** The rotation {@code θ} in degrees, in (−180, 180], clockwise on screen. */
  public double rotationDegrees() {
    return Math.toDegrees(Math.atan2(b, a));
  }
}
