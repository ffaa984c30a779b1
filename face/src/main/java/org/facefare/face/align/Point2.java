package org.facefare.face.align;

/**
 * A point in image pixel coordinates: x to the right, y down, the centre of pixel (i, j) at (i, j),
 * as in OpenCV.
 */
public record Point2(double x, double y) {

  /** Checks that both coordinates are finite. */
  public Point2 {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException(
          "point coordinates must be finite, got (" + x + ", " + y + ")");
    }
  }

  /** The point halfway between this one and {@code other}. */
  public Point2 midpoint(Point2 other) {
    return new Point2((x + other.x) / 2, (y + other.y) / 2);
  }

  /** The Euclidean distance to {@code other}. */
  public double distanceTo(Point2 other) {
    return Math.hypot(other.x - x, other.y - y);
  }
}
