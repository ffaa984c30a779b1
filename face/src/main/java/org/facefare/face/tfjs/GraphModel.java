package org.facefare.face.tfjs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed TensorFlow.js graph model: its nodes, its signature outputs (key to tensor name, in file
 * order; empty when the model has no signature) and its decoded weights.
 *
 * @param fileName the {@code model.json} file's name
 * @param sha256 hex SHA-256 of {@code model.json} followed by every weight shard in manifest order
 * @param info descriptive strings from the file ({@code generatedBy}, {@code convertedBy})
 */
record GraphModel(
    String fileName,
    List<TfNode> nodes,
    Map<String, String> signatureOutputs,
    Map<String, Tensor> weights,
    String sha256,
    Map<String, String> info) {

  GraphModel {
    nodes = List.copyOf(nodes);
    signatureOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(signatureOutputs));
    weights = Map.copyOf(weights);
    info = Map.copyOf(info);
  }
}
