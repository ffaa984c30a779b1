package org.facefare.face.faceapi;

import java.util.Arrays;

/** One named tensor of a TensorFlow.js weights manifest, decoded to its declared dtype. */
sealed interface Weight {

  /** The weight's name in the manifest. */
  String name();

  /** The weight's shape (a copy). */
  int[] shape();

  /** The shape written as {@code [a, b, c]}. */
  default String shapeText() {
    return Arrays.toString(shape());
  }

  /** A float32 weight, row-major in the manifest's (TensorFlow's) dimension order. */
  record Floats(String name, int[] shape, float[] values) implements Weight {
    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  /** An int32 weight (a constant of the exported TensorFlow graph, e.g. a reshape size). */
  record Ints(String name, int[] shape, int[] values) implements Weight {
    @Override
    public int[] shape() {
      return shape.clone();
    }
  }
}
