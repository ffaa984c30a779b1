package org.facefare.face.faceapi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A face-api.js network converted to an ONNX model: the model's bytes, its input and output
 * tensors, and the metadata stored in it.
 *
 * @param net the network converted
 * @param onnx the serialised ONNX model (copied in and out)
 * @param input the one graph input
 * @param outputs the graph outputs, in graph order
 * @param metadata the model's {@code metadata_props}
 */
public record FaceApiOnnx(
    FaceApiNet net, byte[] onnx, Tensor input, List<Tensor> outputs, Map<String, String> metadata) {

  /**
   * A named float32 graph tensor and its shape, {@code -1} marking the symbolic batch dimension.
   *
   * @param name the value name in the graph
   * @param shape the dimensions
   */
  public record Tensor(String name, List<Long> shape) {
    /** Copies the shape. */
    public Tensor {
      shape = List.copyOf(shape);
    }
  }

  /** Copies the collections and the model bytes. */
  public FaceApiOnnx {
    onnx = onnx.clone();
    outputs = List.copyOf(outputs);
    metadata = Map.copyOf(metadata);
  }

  @Override
  public byte[] onnx() {
    return onnx.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceApiOnnx m
        && net == m.net
        && Arrays.equals(onnx, m.onnx)
        && input.equals(m.input)
        && outputs.equals(m.outputs)
        && metadata.equals(m.metadata);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(onnx) * 31 + metadata.hashCode();
  }

  @Override
  public String toString() {
    return "FaceApiOnnx[" + net + ", " + onnx.length + " bytes, " + input + " -> " + outputs + "]";
  }

  /** The output called {@code name}. */
  public Tensor output(String name) {
    return outputs.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(net + " has no output '" + name + "'"));
  }
}
