package org.facefare.face.align;

import java.util.List;
import java.util.Objects;

/** Least-squares fitting of a {@link SimilarityTransform} to point correspondences. */
final class SimilarityEstimator {

  /*
   * Design.
   *
   * Umeyama (1991, "Least-squares estimation of transformation parameters between two point
   * patterns", IEEE TPAMI 13(4)) minimises sum |q_i - (s R p_i + t)|^2 over scale s > 0, rotation
   * R in SO(d) and t: centre both sets, take the SVD of their cross-covariance, fix the sign of the
   * last singular vector so that R is a rotation and not a reflection, then s = tr(DS) / var(p)
   * and t = mean(q) - s R mean(p). This is what insightface and scikit-image use for ArcFace
   * alignment.
   *
   * In two dimensions sR is any non-zero complex number z = a + ib acting on p = x + iy, so the
   * problem is linear least squares in (z, t) and the SVD collapses to a closed form: with
   * centred points p_i and q_i,
   *
   *   a = sum(p_i . q_i) / sum |p_i|^2,   b = sum(p_i x q_i) / sum |p_i|^2,
   *
   * (dot and 2-D cross product), and t as above. It is the same unique minimiser Umeyama's method
   * finds whenever the source points do not all coincide; reflections never arise because z
   * ranges over rotations only. Two distinct points determine the transform exactly.
   *
   * Degenerate input is refused rather than producing a wild transform: source points whose RMS
   * spread about their centroid is below 1e-9 of their magnitude (the fit would divide by ~0),
   * or destination points that likewise coincide (the fit would have scale ~0, not invertible).
   */

  private static final double RELATIVE_EPSILON = 1e-9;

  private SimilarityEstimator() {}

  static SimilarityTransform estimate(List<Point2> from, List<Point2> to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.size() != to.size()) {
      throw new IllegalArgumentException(
          "point lists differ in size: " + from.size() + " source, " + to.size() + " destination");
    }
    int n = from.size();
    if (n < 2) {
      throw new IllegalArgumentException(
          "a similarity transform needs at least 2 point pairs, got " + n);
    }
    Point2 mp = mean(from);
    Point2 mq = mean(to);
    double spreadP = 0;
    double spreadQ = 0;
    double dot = 0;
    double cross = 0;
    for (int i = 0; i < n; i++) {
      double px = from.get(i).x() - mp.x();
      double py = from.get(i).y() - mp.y();
      double qx = to.get(i).x() - mq.x();
      double qy = to.get(i).y() - mq.y();
      spreadP += px * px + py * py;
      spreadQ += qx * qx + qy * qy;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
    }
    requireSpread(spreadP, n, mp, "source");
    requireSpread(spreadQ, n, mq, "destination");
    double a = dot / spreadP;
    double b = cross / spreadP;
    if (Math.hypot(a, b) <= RELATIVE_EPSILON * Math.sqrt(spreadQ / spreadP)) {
      throw new IllegalArgumentException(
          "the point sets are unrelated: their best similarity fit has scale ~0");
    }
    return new SimilarityTransform(
        a, b, mq.x() - (a * mp.x() - b * mp.y()), mq.y() - (b * mp.x() + a * mp.y()));
  }

  private static void requireSpread(double sumSquares, int n, Point2 centroid, String which) {
    double rms = Math.sqrt(sumSquares / n);
    double magnitude = Math.max(1, Math.hypot(centroid.x(), centroid.y()));
    if (rms <= RELATIVE_EPSILON * magnitude) {
      throw new IllegalArgumentException(
          "the "
              + which
              + " points all coincide (RMS spread "
              + rms
              + "): no similarity fits them");
    }
  }

  private static Point2 mean(List<Point2> points) {
    double x = 0;
    double y = 0;
    for (Point2 p : points) {
      x += p.x();
      y += p.y();
    }
    return new Point2(x / points.size(), y / points.size());
  }
}
