package org.facefare.face.tfjs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.facefare.face.onnx.OnnxAttribute;
import org.facefare.face.onnx.OnnxGraphBuilder;
import org.facefare.face.tfjs.Value.Constant;
import org.facefare.face.tfjs.Value.Dynamic;

/**
 * The state of one conversion: the ONNX graph under construction, what every converted node's
 * output has become, and the layout changes and initializers already emitted (each made once).
 */
final class Conversion {

  private final OnnxGraphBuilder onnx;
  private final Map<String, Tensor> weights;
  private final Map<String, Integer> readers;
  private final Set<String> reserved;
  private final Map<String, Value> values = new HashMap<>();
  private final Map<Value, Dynamic> materialised = new IdentityHashMap<>();
  private final Map<String, String> relaid = new HashMap<>();
  private final Map<String, String> initializers = new HashMap<>();

  /**
   * @param readers how often each node's value is read (see {@link GraphSelection#readers})
   * @param reserved names that only {@link #output} may give to a value (inputs, outputs)
   */
  Conversion(
      OnnxGraphBuilder onnx,
      Map<String, Tensor> weights,
      Map<String, Integer> readers,
      Set<String> reserved) {
    this.onnx = onnx;
    this.weights = weights;
    this.readers = readers;
    this.reserved = reserved;
  }

  void define(TfNode node, Value value) {
    values.put(node.name(), value);
  }

  /** The weight a {@code Const} node stands for. */
  Tensor weight(TfNode node) {
    Tensor t = weights.get(node.name());
    if (t == null) {
      throw TfjsImportException.at(node, "has no weight in the weights manifest");
    }
    return t;
  }

  /** Fails unless the node has exactly {@code count} data inputs. */
  void requireInputs(TfNode node, int count) {
    if (node.inputs().size() != count) {
      throw TfjsImportException.at(
          node, "has " + node.inputs().size() + " inputs where " + count + " were expected");
    }
  }

  /** The value of data input {@code i}, lazy or not. */
  Value value(TfNode node, int i) {
    if (i >= node.inputs().size()) {
      throw TfjsImportException.at(node, "lacks input " + i);
    }
    return valueOf(node.inputs().get(i).node());
  }

  /** The value of a node converted already. */
  Value valueOf(String node) {
    Value v = values.get(node);
    if (v == null) {
      throw new IllegalStateException("node '" + node + "' is not converted yet");
    }
    return v;
  }

  /**
   * The value of data input {@code i}, lazy only when this node is its sole reader (so that the
   * node may fold into it); any other lazy value is emitted first.
   */
  Value extendable(TfNode node, int i) {
    Value v = value(node, i);
    boolean sole = readers.getOrDefault(node.inputs().get(i).node(), 0) == 1;
    return sole || v instanceof Dynamic ? v : materialise(v);
  }

  /** Data input {@code i} as an ONNX graph value. */
  Dynamic dynamic(TfNode node, int i) {
    return materialise(value(node, i));
  }

  /** Data input {@code i}, which must be a constant. */
  Constant constant(TfNode node, int i) {
    if (value(node, i) instanceof Constant k) {
      return k;
    }
    throw TfjsImportException.at(
        node, "input " + i + " ('" + node.inputs().get(i).node() + "') must be a constant");
  }

  /** Data input {@code i}, which must be a float32 constant. */
  Tensor.Floats floats(TfNode node, int i) {
    if (constant(node, i).tensor() instanceof Tensor.Floats f) {
      return f;
    }
    throw TfjsImportException.at(node, "input " + i + " must be a float32 constant");
  }

  /** Data input {@code i}, which must be an int32 constant. */
  Tensor.Ints ints(TfNode node, int i) {
    if (constant(node, i).tensor() instanceof Tensor.Ints t) {
      return t;
    }
    throw TfjsImportException.at(node, "input " + i + " must be an int32 constant");
  }

  /** Emits a lazy value (once) and returns it as an ONNX graph value. */
  Dynamic materialise(Value v) {
    return switch (v) {
      case Dynamic d -> d;
      case Constant k -> new Dynamic(operand(k, false), k.shape(), false);
      case Value.Padded p -> once(p, () -> pad(p));
      case Value.Conv k -> once(k, () -> conv(k));
      case Value.Clip k -> once(k, () -> clip(k));
    };
  }

  private Dynamic once(Value lazy, Supplier<Dynamic> emit) {
    Dynamic done = materialised.get(lazy);
    if (done == null) {
      done = emit.get();
      materialised.put(lazy, done);
    }
    return done;
  }

  private Dynamic pad(Value.Padded p) {
    Dynamic s = p.source();
    long t = p.top().before();
    long b = p.top().after();
    long l = p.left().before();
    long r = p.left().after();
    long[] pads =
        s.nchw() ? new long[] {0, 0, t, l, 0, 0, b, r} : new long[] {0, t, l, 0, 0, b, r, 0};
    String out = emit("Pad", p.name(), List.of(s.onnx(), longs(p.name() + "/pads", pads)));
    return new Dynamic(out, p.shape(), s.nchw());
  }

  private Dynamic conv(Value.Conv k) {
    String w = floats(k.name() + "/W", k.weights(), Shapes.toLongs(k.weightShape()));
    String b = floats(k.name() + "/B", k.bias(), k.bias().length);
    int[] ws = k.weightShape();
    String out =
        emit(
            "Conv",
            k.name(),
            List.of(k.input(), w, b),
            OnnxAttribute.ints("kernel_shape", ws[2], ws[3]),
            OnnxAttribute.ints("strides", k.strides()),
            OnnxAttribute.ints("pads", k.pads()),
            OnnxAttribute.ints("dilations", k.dilations()),
            OnnxAttribute.of("group", (long) k.group()));
    return new Dynamic(out, k.shape(), true);
  }

  private Dynamic clip(Value.Clip k) {
    Dynamic base = materialise(k.base());
    String out;
    if (k.lo() == 0f && k.hi() == Float.POSITIVE_INFINITY) {
      out = emit("Relu", k.name(), List.of(base.onnx()));
    } else {
      List<String> in = new ArrayList<>(List.of(base.onnx(), "", ""));
      if (k.lo() != Float.NEGATIVE_INFINITY) {
        in.set(1, floats(k.name() + "/min", new float[] {k.lo()}));
      }
      if (k.hi() != Float.POSITIVE_INFINITY) {
        in.set(2, floats(k.name() + "/max", new float[] {k.hi()}));
      }
      out = emit("Clip", k.name(), in);
    }
    return new Dynamic(out, k.shape(), base.nchw());
  }

  /** The value's ONNX name in NCHW, transposing (once) if it is stored as NHWC. */
  String nchw(Dynamic v) {
    if (v.nchw()) {
      return v.onnx();
    }
    if (v.shape().length != 4) {
      throw new IllegalArgumentException("'" + v.onnx() + "' is not rank 4");
    }
    return relayout(v.onnx(), "/nchw", Shapes.NHWC_TO_NCHW);
  }

  /** The value's ONNX name in TensorFlow's layout, transposing (once) if it is stored as NCHW. */
  String nhwc(Dynamic v) {
    return v.nchw() ? relayout(v.onnx(), "/nhwc", Shapes.NCHW_TO_NHWC) : v.onnx();
  }

  private String relayout(String name, String suffix, long[] perm) {
    String done = relaid.get(name);
    if (done == null) {
      done = emit("Transpose", name + suffix, List.of(name), OnnxAttribute.ints("perm", perm));
      relaid.put(name, done);
      relaid.put(done, name);
    }
    return done;
  }

  /**
   * A float32 constant as an initializer (made once per layout). In NCHW, the constant is first
   * broadcast to rank 4 in TensorFlow's layout and then permuted like the tensor it meets.
   */
  String operand(Constant k, boolean nchw) {
    if (!(k.tensor() instanceof Tensor.Floats f)) {
      throw new TfjsImportException(
          "int32 constant '"
              + k.name()
              + "' is used as a tensor; int32 constants serve only as shapes, axes and paddings");
    }
    String key = k.name() + (nchw ? "\u0000nchw" : "");
    String done = initializers.get(key);
    if (done == null) {
      if (nchw) {
        if (f.shape().length > 4) {
          throw new TfjsImportException(
              "constant '" + k.name() + "' of rank " + f.shape().length + " meets a rank-4 tensor");
        }
        int[] s4 = Shapes.padLeft(f.shape(), 4);
        float[] data = Shapes.permute(f.data(), s4, Shapes.NCHW_PERM);
        done = floats(k.name() + "/nchw", data, Shapes.toLongs(Shapes.nchw(s4)));
      } else {
        done = floats(k.name(), f.data(), Shapes.toLongs(f.shape()));
      }
      initializers.put(key, done);
    }
    return done;
  }

  /** A new float32 initializer. */
  String floats(String base, float[] data, long... dims) {
    return onnx.constant(name(base), data, dims);
  }

  /** A new one-dimensional int64 initializer. */
  String longs(String base, long... data) {
    return onnx.int64s(name(base), data);
  }

  /** Emits an ONNX node with one output and returns the output's name. */
  String emit(String op, String base, List<String> inputs, OnnxAttribute... attributes) {
    return onnx.node(op, name(base), inputs, attributes);
  }

  /**
   * Emits graph output {@code name} showing {@code v} in TensorFlow's layout.
   *
   * @return the output's value
   */
  Dynamic output(String name, Value v) {
    Dynamic d = materialise(v);
    String out =
        d.nchw()
            ? onnx.node(
                "Transpose",
                name,
                List.of(d.onnx()),
                OnnxAttribute.ints("perm", Shapes.NCHW_TO_NHWC))
            : onnx.node("Identity", name, List.of(d.onnx()));
    if (!out.equals(name)) {
      throw new IllegalStateException("output '" + name + "' was named '" + out + "'");
    }
    onnx.output(out, OnnxGraphBuilder.FLOAT, Shapes.toLongs(d.shape()));
    return new Dynamic(out, d.shape(), false);
  }

  private String name(String base) {
    return reserved.contains(base) ? base + "/value" : base;
  }
}
