package org.facefare.face.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** Writes hand-made TensorFlow.js graph models ({@code model.json} and one weight shard). */
final class ModelFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode nodes;
  private final ArrayNode weights;
  private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

  ModelFixture() {
    root.put("format", "graph-model");
    root.put("generatedBy", "facefare-test");
    ObjectNode topology = root.putObject("modelTopology");
    nodes = topology.putArray("node");
    topology.putObject("versions"); // TensorFlow.js reads the producer version from it

    ObjectNode group = root.putArray("weightsManifest").addObject();
    group.putArray("paths").add("weights.bin");
    weights = group.putArray("weights");
  }

  /** A float input of this shape ({@code -1} for an open batch). */
  ModelFixture placeholder(String name, int... shape) {
    ObjectNode attr = JSON.createObjectNode();
    attr.set("dtype", type("DT_FLOAT"));
    ArrayNode dims = attr.putObject("shape").putObject("shape").putArray("dim");
    for (int d : shape) {
      dims.addObject().put("size", Integer.toString(d));
    }
    return node(name, "Placeholder", List.of(), attr);
  }

  /** A float32 Const with its weight. */
  ModelFixture constant(String name, float[] data, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    return weight(name, "DT_FLOAT", "float32", b.array(), null, shape);
  }

  /** An int32 Const with its weight. */
  ModelFixture ints(String name, int[] data, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(data);
    return weight(name, "DT_INT32", "int32", b.array(), null, shape);
  }

  /** A float32 Const stored quantised: the raw values and the manifest's quantization entry. */
  ModelFixture quantised(String name, byte[] raw, ObjectNode quantization, int... shape) {
    return weight(name, "DT_FLOAT", "float32", raw, quantization, shape);
  }

  /** Deterministic pseudo-random values in [-1, 1). */
  static float[] values(long seed, int... shape) {
    Random r = new Random(seed);
    float[] v = new float[Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }

  /** Any node; {@code attr} holds TensorFlow AttrValues in protobuf JSON (see the helpers). */
  ModelFixture node(String name, String op, List<String> inputs, ObjectNode attr) {
    ObjectNode n = nodes.addObject();
    n.put("name", name);
    n.put("op", op);
    if (!inputs.isEmpty()) {
      ArrayNode in = n.putArray("input");
      inputs.forEach(in::add);
    }
    n.set("attr", attr);
    return this;
  }

  /** Declares a signature output. */
  ModelFixture signatureOutput(String key, String tensor) {
    ObjectNode outputs =
        root.has("signature")
            ? (ObjectNode) root.get("signature").get("outputs")
            : root.putObject("signature").putObject("outputs");
    outputs.putObject(key).put("name", tensor);
    return this;
  }

  /** Writes {@code model.json} and {@code weights.bin} into {@code dir}; returns model.json. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("weights.bin"), bin.toByteArray());
    Path json = dir.resolve("model.json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
    return json;
  }

  private ModelFixture weight(
      String name, String tfType, String dtype, byte[] raw, ObjectNode quantization, int[] shape) {
    ObjectNode attr = JSON.createObjectNode();
    attr.set("dtype", type(tfType));
    attr.putObject("value").putObject("tensor").put("dtype", tfType);
    node(name, "Const", List.of(), attr);
    ObjectNode w = weights.addObject();
    w.put("name", name);
    ArrayNode s = w.putArray("shape");
    for (int d : shape) {
      s.add(d);
    }
    w.put("dtype", dtype);
    if (quantization != null) {
      w.set("quantization", quantization);
    }
    bin.writeBytes(raw);
    return this;
  }

  // AttrValue helpers.

  static ObjectNode attrs() {
    return JSON.createObjectNode();
  }

  static ObjectNode attrs(String k1, JsonNode v1) {
    ObjectNode a = attrs();
    a.set(k1, v1);
    return a;
  }

  static ObjectNode attrs(String k1, JsonNode v1, String k2, JsonNode v2) {
    ObjectNode a = attrs(k1, v1);
    a.set(k2, v2);
    return a;
  }

  static JsonNode str(String s) {
    return JSON.createObjectNode()
        .put("s", Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
  }

  static JsonNode integer(long i) {
    return JSON.createObjectNode().put("i", Long.toString(i));
  }

  static JsonNode real(double f) {
    return JSON.createObjectNode().put("f", f);
  }

  static JsonNode bool(boolean b) {
    return JSON.createObjectNode().put("b", b);
  }

  static JsonNode type(String t) {
    return JSON.createObjectNode().put("type", t);
  }

  static JsonNode ints(long... values) {
    ObjectNode a = JSON.createObjectNode();
    ArrayNode list = a.putObject("list").putArray("i");
    for (long v : values) {
      list.add(Long.toString(v));
    }
    return a;
  }

  static JsonNode strs(String... values) {
    ObjectNode a = JSON.createObjectNode();
    ArrayNode list = a.putObject("list").putArray("s");
    for (String v : values) {
      list.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
    }
    return a;
  }

  /** The attributes of an NHWC convolution or pooling window. */
  static ObjectNode window(String padding, long strideH, long strideW) {
    ObjectNode a = attrs("T", type("DT_FLOAT"), "padding", str(padding));
    a.set("strides", ints(1, strideH, strideW, 1));
    a.set("data_format", str("NHWC"));
    return a;
  }

  /** Adds Grappler's fused-op attributes to {@code attrs}. */
  static ObjectNode fused(ObjectNode attrs, String... ops) {
    attrs.set("fused_ops", strs(ops));
    attrs.set("num_args", integer(List.of(ops).contains("Prelu") ? 2 : 1));
    attrs.set("epsilon", real(0));
    return attrs;
  }

  static ObjectNode floatOp() {
    return attrs("T", type("DT_FLOAT"));
  }

  static ObjectNode quantization(String dtype, double scale, double min) {
    ObjectNode q = JSON.createObjectNode();
    q.put("dtype", dtype);
    q.put("scale", scale);
    q.put("min", min);
    return q;
  }

  static ObjectNode float16() {
    ObjectNode q = JSON.createObjectNode();
    q.put("dtype", "float16");
    q.put("original_dtype", "float32");
    return q;
  }
}
