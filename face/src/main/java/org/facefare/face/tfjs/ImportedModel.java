package org.facefare.face.tfjs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ONNX model converted from a TensorFlow.js graph model, with its input and outputs as
 * TensorFlow.js shows them and the metadata stored in the model.
 *
 * @param onnx the serialised ONNX model (opset 17)
 * @param metadata the model's {@code metadata_props}: {@link TfjsGraphImporter#SOURCE}, {@link
 *     TfjsGraphImporter#SHA256}, {@link TfjsGraphImporter#IMPORTER} and what the source names as
 *     its origin
 */
public record ImportedModel(
    byte[] onnx, TensorSpec input, List<TensorSpec> outputs, Map<String, String> metadata) {

  /** Copies the arguments. */
  public ImportedModel {
    onnx = onnx.clone();
    outputs = List.copyOf(outputs);
    metadata = Map.copyOf(metadata);
  }

  /** A copy of the serialised ONNX model. */
  @Override
  public byte[] onnx() {
    return onnx.clone();
  }

  /** Writes the ONNX model to a file. */
  public void writeTo(Path file) throws IOException {
    Files.write(file, onnx);
  }

  /** The output of this name. */
  public TensorSpec output(String name) {
    return outputs.stream()
        .filter(o -> o.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no output '" + name + "'"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportedModel m
        && Arrays.equals(onnx, m.onnx)
        && input.equals(m.input)
        && outputs.equals(m.outputs)
        && metadata.equals(m.metadata);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(onnx) + Objects.hash(input, outputs, metadata);
  }

  @Override
  public String toString() {
    return "ImportedModel[" + onnx.length + " bytes, input=" + input + ", outputs=" + outputs + "]";
  }
}
