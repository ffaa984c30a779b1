package org.facefare.face.tfjs;

import java.util.Arrays;
import java.util.List;

/**
 * The name and static shape of an input or output of an imported model, in TensorFlow's layout
 * (images are NHWC).
 */
public record TensorSpec(String name, List<Integer> shape) {

  /** Copies the shape. */
  public TensorSpec {
    shape = List.copyOf(shape);
  }

  TensorSpec(String name, int[] shape) {
    this(name, Arrays.stream(shape).boxed().toList());
  }

  /** The shape as ONNX Runtime's {@code OnnxTensor.createTensor} takes it. */
  public long[] dims() {
    return shape.stream().mapToLong(Integer::longValue).toArray();
  }

  /** The number of elements. */
  public int size() {
    return shape.stream().reduce(1, Math::multiplyExact);
  }
}
