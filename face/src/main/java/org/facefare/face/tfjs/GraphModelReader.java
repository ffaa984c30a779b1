package org.facefare.face.tfjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code model.json} of format {@code graph-model} and its weight shards. */
final class GraphModelReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GraphModelReader() {}

  static GraphModel read(Path modelJson, ImportListener listener) throws IOException {
    byte[] jsonBytes = Files.readAllBytes(modelJson);
    JsonNode root;
    try {
      root = JSON.readTree(jsonBytes);
    } catch (JsonProcessingException e) {
      throw new TfjsImportException(modelJson + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new TfjsImportException(modelJson + " does not hold a JSON object");
    }
    String format = root.path("format").asText("graph-model");
    if (!format.equals("graph-model")) {
      throw new TfjsImportException(
          modelJson + " has format '" + format + "'; only 'graph-model' can be imported");
    }
    JsonNode nodeArray = root.path("modelTopology").path("node");
    if (!nodeArray.isArray() || nodeArray.isEmpty()) {
      throw new TfjsImportException(modelJson + " has no modelTopology.node array");
    }
    List<TfNode> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode n : nodeArray) {
      TfNode node = node(n);
      if (!names.add(node.name())) {
        throw new TfjsImportException("two nodes are named '" + node.name() + "'");
      }
      nodes.add(node);
    }
    // TensorFlow.js (GraphModel.loadWithWeightMap) prefers userDefinedMetadata.signature.
    JsonNode signature = root.path("userDefinedMetadata").path("signature");
    if (signature.isMissingNode() || signature.isNull()) {
      signature = root.path("signature");
    }
    Map<String, String> signatureOutputs = new LinkedHashMap<>();
    signature
        .path("outputs")
        .properties()
        .forEach(e -> signatureOutputs.put(e.getKey(), e.getValue().path("name").asText()));

    MessageDigest sha = sha256();
    sha.update(jsonBytes);
    List<WeightSpec> specs = new ArrayList<>();
    ByteArrayOutputStream shards = new ByteArrayOutputStream();
    Path dir = modelJson.toAbsolutePath().normalize().getParent();
    for (JsonNode group : root.path("weightsManifest")) {
      for (JsonNode path : group.path("paths")) {
        byte[] shard = Files.readAllBytes(shard(dir, path.asText()));
        sha.update(shard);
        shards.write(shard);
      }
      for (JsonNode w : group.path("weights")) {
        specs.add(weightSpec(w));
      }
    }
    Map<String, Tensor> weights =
        WeightDecoder.decode(specs, ByteBuffer.wrap(shards.toByteArray()), listener);
    Map<String, String> info = new LinkedHashMap<>();
    for (String key : List.of("generatedBy", "convertedBy")) {
      if (root.path(key).isTextual()) {
        info.put(key, root.get(key).asText());
      }
    }
    return new GraphModel(
        modelJson.getFileName().toString(),
        nodes,
        signatureOutputs,
        weights,
        HexFormat.of().formatHex(sha.digest()),
        info);
  }

  private static TfNode node(JsonNode n) {
    String name = n.path("name").asText("");
    String op = n.path("op").asText("");
    if (name.isEmpty() || op.isEmpty()) {
      throw new TfjsImportException("a node lacks a name or an op: " + abbreviate(n));
    }
    List<TensorRef> inputs = new ArrayList<>();
    List<String> control = new ArrayList<>();
    for (JsonNode in : n.path("input")) {
      String s = in.asText();
      if (s.startsWith("^")) {
        control.add(s.substring(1));
      } else {
        try {
          inputs.add(TensorRef.parse(s));
        } catch (IllegalArgumentException e) {
          throw new TfjsImportException("node '" + name + "' (" + op + "): " + e.getMessage(), e);
        }
      }
    }
    JsonNode attrs = n.has("attr") ? n.get("attr") : JsonNodeFactory.instance.objectNode();
    return new TfNode(name, op, inputs, control, attrs);
  }

  private static WeightSpec weightSpec(JsonNode w) {
    String name = w.path("name").asText("");
    if (name.isEmpty() || !w.path("shape").isArray()) {
      throw new TfjsImportException("a weight lacks a name or shape: " + abbreviate(w));
    }
    int[] shape = new int[w.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = w.get("shape").get(i).asInt(-1);
      if (shape[i] < 0) {
        throw new TfjsImportException("weight '" + name + "' has a bad shape " + w.get("shape"));
      }
    }
    String dtype = w.path("dtype").asText("float32");
    JsonNode q = w.get("quantization");
    if (q == null) {
      return new WeightSpec(name, shape, dtype, Optional.empty());
    }
    String qtype = q.path("dtype").asText("");
    WeightSpec.Quantization quantization =
        switch (qtype) {
          case "uint8", "uint16" -> {
            if (!q.path("scale").isNumber() || !q.path("min").isNumber()) {
              throw new TfjsImportException(
                  "weight '" + name + "' is " + qtype + " quantised without scale and min");
            }
            yield new WeightSpec.Affine(
                qtype.equals("uint8") ? 1 : 2,
                q.get("scale").doubleValue(),
                q.get("min").doubleValue());
          }
          case "float16" -> new WeightSpec.Half();
          default ->
              throw new TfjsImportException(
                  "weight '" + name + "' has unsupported quantisation '" + qtype + "'");
        };
    return new WeightSpec(name, shape, dtype, Optional.of(quantization));
  }

  /** A shard path, which must stay inside the model's directory. */
  private static Path shard(Path dir, String path) {
    Path p = dir.resolve(path).normalize();
    if (path.isEmpty() || !p.startsWith(dir)) {
      throw new TfjsImportException(
          "weight shard path '" + path + "' leaves the model's directory");
    }
    return p;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
