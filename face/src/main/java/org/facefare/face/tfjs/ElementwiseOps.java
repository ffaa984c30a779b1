package org.facefare.face.tfjs;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facefare.face.tfjs.Value.Constant;
import org.facefare.face.tfjs.Value.Dynamic;

/**
 * Converters of element-wise ops. Constants meeting an NCHW tensor are permuted at import time;
 * per-channel {@code Mul}/{@code Add} constants after a convolution fold into its weights and bias;
 * {@code Relu} and scalar {@code Minimum}/{@code Maximum} chains become one clip.
 */
final class ElementwiseOps {

  private static final Set<String> T = Set.of("T");

  private ElementwiseOps() {}

  /** A broadcasting binary op: {@code Add}, {@code AddV2}, {@code Sub}, {@code Mul}, … */
  static OpConverter binary(String onnxOp) {
    return (node, c) -> binary(node, c, onnxOp);
  }

  private static Value binary(TfNode node, Conversion c, String onnxOp) {
    node.allowAttributes(T);
    node.requireFloat("T");
    c.requireInputs(node, 2);
    Value a = c.value(node, 0);
    Value b = c.value(node, 1);
    int[] out = Shapes.broadcast(a.shape(), b.shape());
    if (out == null) {
      throw TfjsImportException.at(
          node,
          "shapes "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape())
              + " do not broadcast");
    }
    for (int i = 0; i < 2; i++) {
      if (!(c.value(node, 1 - i) instanceof Constant k)
          || !(k.tensor() instanceof Tensor.Floats f)
          || c.value(node, i) instanceof Constant) {
        continue;
      }
      Value x = c.extendable(node, i);
      if (x instanceof Value.Conv conv && (onnxOp.equals("Mul") || onnxOp.equals("Add"))) {
        Optional<float[]> perChannel = perChannel(f, conv.shape()[3]);
        if (perChannel.isPresent()) {
          return onnxOp.equals("Mul")
              ? conv.scaled(node.name(), perChannel.get())
              : conv.offset(node.name(), perChannel.get());
        }
      }
      boolean scalar = f.data().length == 1 && f.shape().length <= x.shape().length;
      if (scalar && !Float.isNaN(f.data()[0]) && (onnxOp.equals("Min") || onnxOp.equals("Max"))) {
        return clip(node, c, x, onnxOp.equals("Max"), f.data()[0]);
      }
    }
    return emitBinary(node, c, onnxOp, a, b, out);
  }

  private static Value emitBinary(
      TfNode node, Conversion c, String onnxOp, Value a, Value b, int[] out) {
    String left;
    String right;
    boolean nchw;
    if (a instanceof Constant ka && b instanceof Constant kb) {
      left = c.operand(ka, false);
      right = c.operand(kb, false);
      nchw = false;
    } else if (a instanceof Constant || b instanceof Constant) {
      Constant k = (Constant) (a instanceof Constant ? a : b);
      Dynamic d = c.materialise(a instanceof Constant ? b : a);
      nchw = d.nchw() && k.shape().length <= 4;
      String dn = nchw ? d.onnx() : c.nhwc(d);
      String kn = c.operand(k, nchw);
      left = a instanceof Constant ? kn : dn;
      right = a instanceof Constant ? dn : kn;
    } else {
      Dynamic da = c.materialise(a);
      Dynamic db = c.materialise(b);
      nchw = (da.nchw() || db.nchw()) && da.shape().length == 4 && db.shape().length == 4;
      left = nchw ? c.nchw(da) : c.nhwc(da);
      right = nchw ? c.nchw(db) : c.nhwc(db);
    }
    return new Dynamic(c.emit(onnxOp, node.name(), List.of(left, right)), out, nchw);
  }

  /**
   * The constant as one value per channel of a rank-4 tensor with {@code channels} channels, if it
   * varies along no other axis and broadcasting it leaves the tensor's shape alone.
   */
  private static Optional<float[]> perChannel(Tensor.Floats f, int channels) {
    int[] s = f.shape();
    if (s.length > 4) {
      return Optional.empty();
    }
    for (int i = 0; i < s.length - 1; i++) {
      if (s[i] != 1) {
        return Optional.empty();
      }
    }
    int last = s.length == 0 ? 1 : s[s.length - 1];
    if (last == channels) {
      return Optional.of(f.data());
    }
    if (last != 1) {
      return Optional.empty();
    }
    float[] v = new float[channels];
    Arrays.fill(v, f.data()[0]);
    return Optional.of(v);
  }

  /** {@code Relu}, kept lazy as a clip to {@code [0, inf)}. */
  static Value relu(TfNode node, Conversion c) {
    node.allowAttributes(T);
    node.requireFloat("T");
    c.requireInputs(node, 1);
    return clip(node, c, c.extendable(node, 0), true, 0f);
  }

  /**
   * {@code max(x, bound)} if {@code max}, else {@code min(x, bound)}; on a clip {@code [lo, hi]}
   * that gives {@code [max(lo, bound), max(hi, bound)]} (or the same with min), exactly.
   */
  private static Value clip(TfNode node, Conversion c, Value x, boolean max, float bound) {
    if (x instanceof Value.Clip k) {
      return max
          ? new Value.Clip(node.name(), k.base(), Math.max(k.lo(), bound), Math.max(k.hi(), bound))
          : new Value.Clip(node.name(), k.base(), Math.min(k.lo(), bound), Math.min(k.hi(), bound));
    }
    Value base = x instanceof Value.Conv ? x : c.materialise(x);
    return max
        ? new Value.Clip(node.name(), base, bound, Float.POSITIVE_INFINITY)
        : new Value.Clip(node.name(), base, Float.NEGATIVE_INFINITY, bound);
  }

  /** A unary op with a one-to-one ONNX counterpart ({@code Sigmoid}, {@code Abs}). */
  static OpConverter unary(String onnxOp) {
    return (node, c) -> {
      node.allowAttributes(T);
      node.requireFloat("T");
      c.requireInputs(node, 1);
      Dynamic x = c.dynamic(node, 0);
      return new Dynamic(c.emit(onnxOp, node.name(), List.of(x.onnx())), x.shape(), x.nchw());
    };
  }

  /** {@code Square}: {@code x * x}, bit-identical to TensorFlow's. */
  static Value square(TfNode node, Conversion c) {
    node.allowAttributes(T);
    node.requireFloat("T");
    c.requireInputs(node, 1);
    Dynamic x = c.dynamic(node, 0);
    String out = c.emit("Mul", node.name(), List.of(x.onnx(), x.onnx()));
    return new Dynamic(out, x.shape(), x.nchw());
  }

  /** {@code Rsqrt}: {@code 1 / sqrt(x)}, as TensorFlow.js computes it. */
  static Value rsqrt(TfNode node, Conversion c) {
    node.allowAttributes(T);
    node.requireFloat("T");
    c.requireInputs(node, 1);
    Dynamic x = c.dynamic(node, 0);
    String root = c.emit("Sqrt", node.name() + "/sqrt", List.of(x.onnx()));
    return new Dynamic(c.emit("Reciprocal", node.name(), List.of(root)), x.shape(), x.nchw());
  }

  /** {@code Prelu} with a constant alpha. */
  static Value prelu(TfNode node, Conversion c) {
    node.allowAttributes(T);
    node.requireFloat("T");
    c.requireInputs(node, 2);
    return FusedOps.prelu(node, c, c.dynamic(node, 0), c.constant(node, 1));
  }
}
