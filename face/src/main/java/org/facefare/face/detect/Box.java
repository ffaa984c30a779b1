package org.facefare.face.detect;

import org.facefare.face.align.Point2;

/**
 * An axis-aligned rectangle in image pixel coordinates.
 *
 * @param left the left edge
 * @param top the top edge
 * @param right the right edge (≥ left)
 * @param bottom the bottom edge (≥ top)
 */
public record Box(double left, double top, double right, double bottom) {

  /** Rejects inverted or non-finite rectangles. */
  public Box {
    if (!(Double.isFinite(left)
        && Double.isFinite(top)
        && Double.isFinite(right)
        && Double.isFinite(bottom))) {
      throw new IllegalArgumentException("box has a non-finite edge");
    }
    if (right < left || bottom < top) {
      throw new IllegalArgumentException(
          "inverted box [" + left + "," + top + "," + right + "," + bottom + "]");
    }
  }

  /** The width. */
  public double width() {
    return right - left;
  }

  /** The height. */
  public double height() {
    return bottom - top;
  }

  /** The area. */
  public double area() {
    return width() * height();
  }

  /** The centre. */
  public Point2 center() {
    return new Point2((left + right) / 2, (top + bottom) / 2);
  }

  /** Intersection over union with another box; 0 when either is empty. */
  public double iou(Box o) {
    double w = Math.min(right, o.right) - Math.max(left, o.left);
    double h = Math.min(bottom, o.bottom) - Math.max(top, o.top);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double inter = w * h;
    double union = area() + o.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
