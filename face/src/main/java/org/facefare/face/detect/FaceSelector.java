package org.facefare.face.detect;

import java.util.Comparator;
import java.util.List;

/**
 * Picks the one face a gate should act on: the largest, most central detection, or none when two
 * faces are comparable, so that a gate never charges the wrong rider.
 *
 * <p>Each detection gets a prominence = area × (1 − ½·d), where d is the distance of its centre
 * from the image centre divided by half the image diagonal. The most prominent wins unless the
 * runner-up's prominence is at least {@code comparableRatio} of it.
 */
public final class FaceSelector {

  private final double comparableRatio;

  /**
   * Creates a selector.
   *
   * @param comparableRatio in (0, 1]: a runner-up at least this prominent makes the frame ambiguous
   */
  public FaceSelector(double comparableRatio) {
    if (!(comparableRatio > 0 && comparableRatio <= 1)) {
      throw new IllegalArgumentException("comparableRatio must be in (0,1]");
    }
    this.comparableRatio = comparableRatio;
  }

  /** The outcome of choosing among detections. */
  public sealed interface Choice {}

  /** No detection at all. */
  public record None() implements Choice {}

  /**
   * Two or more comparable faces.
   *
   * @param count how many detections were comparable to the most prominent
   * @param mostProminent the most prominent of them (for evaluation and diagnostics only: a gate
   *     must not act on it)
   */
  public record Multiple(int count, Detection mostProminent) implements Choice {}

  /**
   * The chosen face.
   *
   * @param detection the face
   */
  public record One(Detection detection) implements Choice {}

  /**
   * Chooses among detections of an image of the given size.
   *
   * @param detections detections in image coordinates
   */
  public Choice choose(List<Detection> detections, int width, int height) {
    if (detections.isEmpty()) {
      return new None();
    }
    double cx = width / 2.0;
    double cy = height / 2.0;
    double halfDiagonal = Math.hypot(cx, cy);
    List<double[]> ranked =
        java.util.stream.IntStream.range(0, detections.size())
            .mapToObj(
                i -> {
                  Box b = detections.get(i).box();
                  double d =
                      Math.min(
                          1, Math.hypot(b.center().x() - cx, b.center().y() - cy) / halfDiagonal);
                  return new double[] {b.area() * (1 - 0.5 * d), i};
                })
            .sorted(
                Comparator.comparingDouble((double[] p) -> -p[0]).thenComparingDouble(p -> p[1]))
            .toList();
    double best = ranked.get(0)[0];
    long comparable = ranked.stream().filter(p -> p[0] >= comparableRatio * best).count();
    Detection first = detections.get((int) ranked.get(0)[1]);
    if (comparable > 1) {
      return new Multiple((int) comparable, first);
    }
    return new One(first);
  }
}
