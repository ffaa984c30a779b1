package org.facefare.face.faceapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reader of a TensorFlow.js weights manifest ({@code *-weights_manifest.json}) and its binary
 * shards into named, dequantised tensors.
 *
 * <pre>
 * Format (TensorFlow.js tfjs-core io/io_utils.ts, decodeWeights, version 4.22.0).
 *
 * The manifest is a JSON array of groups {paths: [shard, ...], weights: [spec, ...]}. A group's
 * shards, concatenated in path order, hold its weights back to back in spec order, little-endian,
 * with no padding. A spec is {name, shape, dtype, quantization?}. Without quantization a float32 or
 * int32 value takes 4 bytes. With quantization {dtype: uint8 | uint16, scale, min} each value is
 * stored as an unsigned integer q and decoded as q * scale + min; float16 quantization stores IEEE
 * half floats (float32 weights only). TensorFlow.js evaluates q * scale + min in JavaScript
 * numbers (float64) and stores the result in a Float32Array, i.e. rounds once to float32; int32
 * weights are rounded with Math.round. This reader does the same arithmetic, so its float32
 * weights are bit-identical to those TensorFlow.js hands face-api.js (verified by
 * FaceApiReferenceTest against per-weight SHA-256 digests computed in TensorFlow.js).
 *
 * Shard paths are resolved against the manifest's folder and must stay inside it.
 * </pre>
 */
final class WeightsManifest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WeightsManifest() {}

  /** A manifest's weights by name (in manifest order) and digests of its files. */
  record WeightSet(
      Path manifest, Map<String, Weight> weights, String weightsSha256, String manifestSha256) {}

  /** Reads {@code manifest} and the shards it names. */
  static WeightSet read(Path manifest) throws IOException {
    byte[] manifestBytes = readFile(manifest, "weights manifest");
    JsonNode root;
    try {
      root = JSON.readTree(manifestBytes);
    } catch (JsonProcessingException e) {
      throw new FaceApiWeightsException(
          manifest + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new FaceApiWeightsException(manifest + ": expected a non-empty JSON array of groups");
    }
    Path dir = manifest.toAbsolutePath().getParent();
    MessageDigest weightsDigest = sha256();
    Map<String, Weight> weights = new LinkedHashMap<>();
    int groupIndex = 0;
    for (JsonNode group : root) {
      String where = manifest + " group " + groupIndex++;
      List<WeightSpec> specs = specs(group, where);
      ByteBuffer data = shards(dir, group, where, weightsDigest);
      long expected = 0;
      for (WeightSpec s : specs) {
        expected += s.byteLength();
      }
      if (expected != data.remaining()) {
        throw new FaceApiWeightsException(
            where
                + ": shards hold "
                + data.remaining()
                + " bytes but its weights need "
                + expected
                + " bytes");
      }
      for (WeightSpec s : specs) {
        if (weights.put(s.name(), s.decode(data)) != null) {
          throw new FaceApiWeightsException(
              manifest + ": weight '" + s.name() + "' is declared twice");
        }
      }
    }
    return new WeightSet(
        manifest,
        weights,
        HexFormat.of().formatHex(weightsDigest.digest()),
        HexFormat.of().formatHex(sha256().digest(manifestBytes)));
  }

  private static List<WeightSpec> specs(JsonNode group, String where) throws IOException {
    JsonNode list = group.get("weights");
    if (!group.isObject() || list == null || !list.isArray()) {
      throw new FaceApiWeightsException(where + ": expected an object with a 'weights' array");
    }
    List<WeightSpec> specs = new ArrayList<>();
    for (JsonNode w : list) {
      specs.add(WeightSpec.parse(w, where));
    }
    return specs;
  }

  private static ByteBuffer shards(Path dir, JsonNode group, String where, MessageDigest digest)
      throws IOException {
    JsonNode paths = group.get("paths");
    if (paths == null || !paths.isArray() || paths.isEmpty()) {
      throw new FaceApiWeightsException(where + ": expected a non-empty 'paths' array of shards");
    }
    List<byte[]> parts = new ArrayList<>();
    long total = 0;
    for (JsonNode p : paths) {
      if (!p.isTextual() || p.asText().isEmpty()) {
        throw new FaceApiWeightsException(where + ": shard path " + p + " is not a file name");
      }
      Path shard = dir.resolve(p.asText()).normalize();
      if (!shard.startsWith(dir)) {
        throw new FaceApiWeightsException(
            where + ": shard path '" + p.asText() + "' leaves the manifest's folder");
      }
      byte[] bytes = readFile(shard, "weights shard");
      digest.update(bytes);
      parts.add(bytes);
      total += bytes.length;
    }
    if (total > Integer.MAX_VALUE) {
      throw new FaceApiWeightsException(where + ": shards exceed 2 GiB");
    }
    ByteBuffer all = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    parts.forEach(all::put);
    return all.flip();
  }

  private static byte[] readFile(Path file, String what) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FaceApiWeightsException(what + " " + file + " does not exist", e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** One weight's declaration: how many bytes it takes and how to decode them. */
  private record WeightSpec(
      String name, int[] shape, String dtype, String quantDtype, double scale, double min) {

    static WeightSpec parse(JsonNode w, String where) throws IOException {
      JsonNode name = w.get("name");
      if (name == null || !name.isTextual() || name.asText().isEmpty()) {
        throw new FaceApiWeightsException(where + ": a weight has no name: " + w);
      }
      String n = name.asText();
      String at = where + ", weight '" + n + "'";
      JsonNode shapeNode = w.get("shape");
      if (shapeNode == null || !shapeNode.isArray()) {
        throw new FaceApiWeightsException(at + ": no 'shape' array");
      }
      int[] shape = new int[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = shapeNode.get(i);
        if (!d.isInt() || d.asInt() < 0) {
          throw new FaceApiWeightsException(
              at + ": shape " + shapeNode + " is not a list of sizes");
        }
        shape[i] = d.asInt();
      }
      String dtype = w.path("dtype").asText("");
      if (!dtype.equals("float32") && !dtype.equals("int32")) {
        throw new FaceApiWeightsException(
            at + ": dtype '" + dtype + "' is not supported (float32 and int32 are)");
      }
      JsonNode q = w.get("quantization");
      if (q == null) {
        return new WeightSpec(n, shape, dtype, "", 1, 0);
      }
      String qd = q.path("dtype").asText("");
      switch (qd) {
        case "uint8", "uint16" -> {
          JsonNode scale = q.get("scale");
          JsonNode min = q.get("min");
          if (scale == null || !scale.isNumber() || min == null || !min.isNumber()) {
            throw new FaceApiWeightsException(
                at + ": " + qd + " quantization needs numeric 'scale' and 'min'");
          }
          return new WeightSpec(n, shape, dtype, qd, scale.asDouble(), min.asDouble());
        }
        case "float16" -> {
          if (!dtype.equals("float32")) {
            throw new FaceApiWeightsException(
                at + ": float16 quantization applies to float32 weights only");
          }
          return new WeightSpec(n, shape, dtype, qd, 1, 0);
        }
        default ->
            throw new FaceApiWeightsException(
                at + ": quantization dtype '" + qd + "' is not uint8, uint16 or float16");
      }
    }

    long count() {
      long c = 1;
      for (int d : shape) {
        c *= d;
      }
      return c;
    }

    long byteLength() {
      int bytes =
          switch (quantDtype) {
            case "uint8" -> 1;
            case "uint16", "float16" -> 2;
            default -> 4;
          };
      return count() * bytes;
    }

    Weight decode(ByteBuffer data) {
      int n = (int) count();
      if (dtype.equals("int32")) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] =
              switch (quantDtype) {
                case "uint8" -> (int) Math.round((data.get() & 0xFF) * scale + min);
                case "uint16" -> (int) Math.round((data.getShort() & 0xFFFF) * scale + min);
                default -> data.getInt();
              };
        }
        return new Weight.Ints(name, shape, v);
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] =
            switch (quantDtype) {
              case "uint8" -> (float) ((data.get() & 0xFF) * scale + min);
              case "uint16" -> (float) ((data.getShort() & 0xFFFF) * scale + min);
              case "float16" -> Float.float16ToFloat(data.getShort());
              default -> data.getFloat();
            };
      }
      return new Weight.Floats(name, shape, v);
    }
  }
}
