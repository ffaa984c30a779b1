package org.facefare.face.tfjs;

import java.util.Arrays;

/** A constant tensor of a graph model: a weight, after dequantisation. */
sealed interface Tensor permits Tensor.Floats, Tensor.Ints {

  /** The tensor's dimensions, outermost first. */
  int[] shape();

  /** The number of elements. */
  default int size() {
    return Shapes.size(shape());
  }

  /** A float32 tensor, row-major. */
  record Floats(int[] shape, float[] data) implements Tensor {
    public Floats {
      if (Shapes.size(shape) != data.length) {
        throw new IllegalArgumentException(
            data.length + " values for shape " + Arrays.toString(shape));
      }
    }
  }

  /** An int32 tensor, row-major. */
  record Ints(int[] shape, int[] data) implements Tensor {
    public Ints {
      if (Shapes.size(shape) != data.length) {
        throw new IllegalArgumentException(
            data.length + " values for shape " + Arrays.toString(shape));
      }
    }
  }
}
