package org.facefare.face.align;

import java.util.Objects;

/** The output of a warp: its size in pixels and how it fills what lies outside the source. */
public record WarpTarget(int width, int height, Border border) {

  /** Checks that the size is positive and the border given. */
  public WarpTarget {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "warp output size must be positive, got " + width + "x" + height);
    }
    Objects.requireNonNull(border, "border");
  }
}
