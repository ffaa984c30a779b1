package org.facefare.face.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.facefare.face.onnx.proto.Onnx.GraphProto;
import org.facefare.face.onnx.proto.Onnx.ModelProto;
import org.facefare.face.onnx.proto.Onnx.NodeProto;
import org.facefare.face.onnx.proto.Onnx.OperatorSetIdProto;
import org.facefare.face.onnx.proto.Onnx.StringStringEntryProto;
import org.facefare.face.onnx.proto.Onnx.TensorProto;
import org.facefare.face.onnx.proto.Onnx.TensorShapeProto;
import org.facefare.face.onnx.proto.Onnx.TypeProto;
import org.facefare.face.onnx.proto.Onnx.ValueInfoProto;

/**
 * A mutable builder of one ONNX model: graph inputs, outputs, constant initialisers and nodes, with
 * unique value and node names, serialised to ONNX protobuf bytes by {@link #build}.
 */
public final class OnnxGraphBuilder {

  /** The ONNX opset FaceFare's importers target (ONNX Runtime 1.29 supports it fully). */
  public static final int OPSET = 17;

  /** ONNX element type of 32-bit floats. */
  public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

  /** ONNX element type of 64-bit integers. */
  public static final int INT64 = TensorProto.DataType.INT64_VALUE;

  /** ONNX element type of 32-bit integers. */
  public static final int INT32 = TensorProto.DataType.INT32_VALUE;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private int counter;

  /**
   * Starts an empty graph.
   *
   * @param graphName the graph's name, stored in the model
   */
  public OnnxGraphBuilder(String graphName) {
    graph.setName(Objects.requireNonNull(graphName, "graphName"));
  }

  /**
   * Declares a graph input; a negative dimension is symbolic (e.g. the batch).
   *
   * @return the input's value name
   */
  public String input(String name, int elemType, long... dims) {
    claim(name);
    graph.addInput(valueInfo(name, elemType, dims));
    return name;
  }

  /**
   * Declares an existing value as a graph output, with its shape when known ({@code null} if not).
   */
  public void output(String name, int elemType, long[] dims) {
    if (!names.contains(name)) {
      throw new IllegalArgumentException("output '" + name + "' is not a value of this graph");
    }
    graph.addOutput(valueInfo(name, elemType, dims));
  }

  /** Adds a float32 constant and returns its value name. */
  public String constant(String name, float[] data, long... dims) {
    checkCount(name, data.length, dims);
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    return addInitializer(name, FLOAT, buf, dims);
  }

  /** Adds an int64 constant and returns its value name. */
  public String constant(String name, long[] data, long... dims) {
    checkCount(name, data.length, dims);
    ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(data);
    return addInitializer(name, INT64, buf, dims);
  }

  /** Adds a one-dimensional int64 constant (shapes, axes, pads) and returns its value name. */
  public String int64s(String name, long... data) {
    return constant(name, data, data.length);
  }

  /**
   * Adds a node with one output and returns that output's value name.
   *
   * @param opType the ONNX operator, e.g. {@code Conv}
   * @param name a readable name for the node and its output (made unique if already used)
   * @param inputs input value names; an empty string marks an omitted optional input
   * @param attributes the node's attributes
   */
  public String node(String opType, String name, List<String> inputs, OnnxAttribute... attributes) {
    return nodeWithOutputs(opType, name, inputs, 1, attributes).get(0);
  }

  /** Adds a node with {@code outputs} outputs and returns their value names in order. */
  public List<String> nodeWithOutputs(
      String opType, String name, List<String> inputs, int outputs, OnnxAttribute... attributes) {
    for (String in : inputs) {
      if (!in.isEmpty() && !names.contains(in)) {
        throw new IllegalArgumentException(
            "node '" + name + "' (" + opType + ") reads unknown value '" + in + "'");
      }
    }
    String nodeName = unique(name);
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(nodeName);
    n.addAllInput(inputs);
    String[] outs = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      outs[i] = outputs == 1 ? nodeName : unique(nodeName + ":" + i);
      names.add(outs[i]);
      n.addOutput(outs[i]);
    }
    for (OnnxAttribute a : attributes) {
      n.addAttribute(a.proto());
    }
    graph.addNode(n);
    return List.of(outs);
  }

  /** Whether a value of this name exists in the graph. */
  public boolean has(String name) {
    return names.contains(name);
  }

  /**
   * Serialises the model.
   *
   * @param producer the producer name stored in the model (e.g. {@code facefare-tfjs-import})
   * @param metadata string metadata stored as {@code metadata_props}
   */
  public byte[] build(String producer, Map<String, String> metadata) {
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName(producer)
            .setProducerVersion("0.1.0")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    metadata.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                m.addMetadataProps(
                    StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue())));
    return m.build().toByteArray();
  }

  private String addInitializer(String name, int type, ByteBuffer data, long[] dims) {
    String unique = unique(name);
    names.add(unique);
    TensorProto.Builder t = TensorProto.newBuilder().setName(unique).setDataType(type);
    for (long d : dims) {
      t.addDims(d);
    }
    t.setRawData(ByteString.copyFrom(data.array()));
    graph.addInitializer(t);
    return unique;
  }

  private static void checkCount(String name, int count, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("constant '" + name + "' has a negative dimension");
      }
      n *= d;
    }
    if (n != count) {
      throw new IllegalArgumentException(
          "constant '" + name + "' has " + count + " values for shape of " + n);
    }
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("value '" + name + "' is already defined");
    }
  }

  private String unique(String base) {
    String candidate = base;
    while (names.contains(candidate)) {
      candidate = base + "_" + (++counter);
    }
    return candidate;
  }

  private static ValueInfoProto valueInfo(String name, int elemType, long[] dims) {
    TypeProto.Tensor.Builder tt = TypeProto.Tensor.newBuilder().setElemType(elemType);
    if (dims != null) {
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (long d : dims) {
        shape.addDim(
            d < 0
                ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
      tt.setShape(shape);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tt))
        .build();
  }
}
