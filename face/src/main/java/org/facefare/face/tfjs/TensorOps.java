package org.facefare.face.tfjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.facefare.face.onnx.OnnxAttribute;
import org.facefare.face.tfjs.Value.Constant;
import org.facefare.face.tfjs.Value.Dynamic;

/**
 * Converters of ops that move, reduce or multiply whole tensors. Where TensorFlow's axes of an
 * NCHW-stored value can be renumbered without changing the result's order, the op runs in NCHW;
 * otherwise the value goes back to NHWC first.
 */
final class TensorOps {

  private TensorOps() {}

  /** {@code Const}: its weight. */
  static Value constant(TfNode node, Conversion c) {
    node.allowAttributes(Set.of("dtype", "value"));
    c.requireInputs(node, 0);
    Tensor t = c.weight(node);
    String dtype = node.type("dtype", "");
    boolean fits =
        switch (t) {
          case Tensor.Floats f -> dtype.equals("DT_FLOAT");
          case Tensor.Ints i -> dtype.equals("DT_INT32");
        };
    if (!fits) {
      throw TfjsImportException.at(node, "dtype " + dtype + " does not match its weight");
    }
    return new Constant(node.name(), t);
  }

  /** {@code Identity}: the input itself. */
  static Value identity(TfNode node, Conversion c) {
    node.allowAttributes(Set.of("T"));
    c.requireInputs(node, 1);
    return c.value(node, 0);
  }

  /** {@code Reshape} to a constant shape, resolved to static dimensions here. */
  static Value reshape(TfNode node, Conversion c) {
    node.allowAttributes(Set.of("T", "Tshape"));
    node.requireFloat("T");
    c.requireInputs(node, 2);
    Dynamic x = c.dynamic(node, 0);
    Tensor.Ints target = c.ints(node, 1);
    if (target.shape().length != 1) {
      throw TfjsImportException.at(node, "shape input must be one-dimensional");
    }
    int[] shape = target.data().clone();
    int size = Shapes.size(x.shape());
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && unknown < 0) {
        unknown = i;
      } else if (shape[i] < 1) {
        throw TfjsImportException.at(node, "unsupported target shape " + Arrays.toString(shape));
      } else {
        known *= shape[i];
      }
    }
    if (unknown >= 0) {
      shape[unknown] = (int) (size / known);
    }
    if (Shapes.size(shape) != size) {
      throw TfjsImportException.at(
          node,
          "cannot reshape " + Arrays.toString(x.shape()) + " to " + Arrays.toString(target.data()));
    }
    String dims = c.longs(node.name() + "/shape", Shapes.toLongs(shape));
    return new Dynamic(c.emit("Reshape", node.name(), List.of(c.nhwc(x), dims)), shape, false);
  }

  /** {@code Squeeze} of the {@code squeeze_dims} (or all) size-one axes. */
  static Value squeeze(TfNode node, Conversion c) {
    node.allowAttributes(Set.of("T", "squeeze_dims"));
    node.requireFloat("T");
    c.requireInputs(node, 1);
    Dynamic x = c.dynamic(node, 0);
    int rank = x.shape().length;
    Set<Integer> axes = new TreeSet<>();
    for (long a : node.ints("squeeze_dims", new long[0])) {
      axes.add(axis(node, a, rank));
    }
    if (axes.isEmpty()) {
      for (int i = 0; i < rank; i++) {
        if (x.shape()[i] == 1) {
          axes.add(i);
        }
      }
    }
    for (int a : axes) {
      if (x.shape()[a] != 1) {
        throw TfjsImportException.at(
            node, "cannot squeeze axis " + a + " of shape " + Arrays.toString(x.shape()));
      }
    }
    if (axes.isEmpty()) {
      return x;
    }
    Layout l = Layout.of(c, x, axes, false);
    String out =
        c.emit(
            "Squeeze", node.name(), List.of(l.input(), c.longs(node.name() + "/axes", l.axes())));
    return new Dynamic(out, remove(x.shape(), axes, false), l.nchwOut());
  }

  /** {@code Mean} ({@code ReduceMean}) or {@code Sum} ({@code ReduceSum}) over constant axes. */
  static OpConverter reduce(String onnxOp) {
    return (node, c) -> {
      node.allowAttributes(Set.of("T", "Tidx", "keep_dims"));
      node.requireFloat("T");
      c.requireInputs(node, 2);
      Dynamic x = c.dynamic(node, 0);
      Tensor.Ints given = c.ints(node, 1);
      if (given.shape().length > 1) {
        throw TfjsImportException.at(node, "axes must be a scalar or a vector");
      }
      Set<Integer> axes = new TreeSet<>();
      for (int a : given.data()) {
        axes.add(axis(node, a, x.shape().length));
      }
      if (axes.isEmpty()) {
        return x;
      }
      boolean keep = node.bool("keep_dims", false);
      Layout l = Layout.of(c, x, axes, keep);
      OnnxAttribute keepDims = OnnxAttribute.of("keepdims", keep ? 1L : 0L);
      String out =
          onnxOp.equals("ReduceMean")
              ? c.emit(
                  onnxOp,
                  node.name(),
                  List.of(l.input()),
                  OnnxAttribute.ints("axes", l.axes()),
                  keepDims)
              : c.emit(
                  onnxOp,
                  node.name(),
                  List.of(l.input(), c.longs(node.name() + "/axes", l.axes())),
                  keepDims);
      return new Dynamic(out, remove(x.shape(), axes, keep), l.nchwOut());
    };
  }

  /** {@code Softmax} over the last axis. */
  static Value softmax(TfNode node, Conversion c) {
    node.allowAttributes(Set.of("T"));
    node.requireFloat("T");
    c.requireInputs(node, 1);
    Dynamic x = c.dynamic(node, 0);
    long axis = x.nchw() ? 1 : x.shape().length - 1;
    String out = c.emit("Softmax", node.name(), List.of(x.onnx()), OnnxAttribute.of("axis", axis));
    return new Dynamic(out, x.shape(), x.nchw());
  }

  /** {@code MatMul} and {@code _FusedMatMul} of two matrices, as an ONNX {@code Gemm}. */
  static Value matMul(TfNode node, Conversion c) {
    boolean fused = node.op().equals("_FusedMatMul");
    node.allowAttributes(
        fused
            ? Set.of(
                "T",
                "transpose_a",
                "transpose_b",
                "fused_ops",
                "num_args",
                "epsilon",
                "leakyrelu_alpha")
            : Set.of("T", "transpose_a", "transpose_b"));
    node.requireFloat("T");
    FusedOps ops = fused ? FusedOps.of(node) : FusedOps.PLAIN;
    if (!fused) {
      c.requireInputs(node, 2);
    }
    boolean ta = node.bool("transpose_a", false);
    boolean tb = node.bool("transpose_b", false);
    Value a = c.value(node, 0);
    Value b = c.value(node, 1);
    if (a.shape().length != 2 || b.shape().length != 2) {
      throw TfjsImportException.at(
          node,
          "operands of shapes "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape())
              + " are not matrices");
    }
    int rows = a.shape()[ta ? 1 : 0];
    int inner = a.shape()[ta ? 0 : 1];
    int cols = b.shape()[tb ? 0 : 1];
    if (b.shape()[tb ? 1 : 0] != inner) {
      throw TfjsImportException.at(
          node,
          "inner dimensions differ: "
              + Arrays.toString(a.shape())
              + " x "
              + Arrays.toString(b.shape()));
    }
    List<String> inputs = new ArrayList<>(List.of(operand(c, a), operand(c, b)));
    if (ops.bias()) {
      inputs.add(c.floats(node.name() + "/bias", ops.bias(node, c, cols), cols));
    }
    String out =
        c.emit(
            "Gemm",
            ops.inner(node, "/gemm"),
            inputs,
            OnnxAttribute.of("transA", ta ? 1L : 0L),
            OnnxAttribute.of("transB", tb ? 1L : 0L));
    return ops.activate(node, c, new Dynamic(out, new int[] {rows, cols}, false));
  }

  private static String operand(Conversion c, Value v) {
    return v instanceof Constant k ? c.operand(k, false) : c.materialise(v).onnx();
  }

  private static int axis(TfNode node, long a, int rank) {
    if (a < -rank || a >= rank) {
      throw TfjsImportException.at(node, "axis " + a + " is out of range for rank " + rank);
    }
    return (int) (a < 0 ? a + rank : a);
  }

  private static int[] remove(int[] shape, Set<Integer> axes, boolean keep) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      if (!axes.contains(i)) {
        out.add(shape[i]);
      } else if (keep) {
        out.add(1);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Where an axis-removing op runs: on the NCHW value with renumbered axes when the remaining axes
   * keep TensorFlow's order (e.g. reducing H and W of {@code [N, C, H, W]} leaves {@code [N, C]},
   * as from NHWC), else on the value back in NHWC.
   */
  private record Layout(String input, long[] axes, boolean nchwOut) {

    static Layout of(Conversion c, Dynamic x, Set<Integer> axes, boolean keep) {
      if (x.nchw()) {
        List<Integer> kept = new ArrayList<>();
        for (int physical = 0; physical < 4; physical++) {
          if (!axes.contains(Shapes.NCHW_PERM[physical])) {
            kept.add(Shapes.NCHW_PERM[physical]);
          }
        }
        boolean ordered = true;
        for (int i = 1; i < kept.size(); i++) {
          ordered &= kept.get(i - 1) < kept.get(i);
        }
        if (keep || ordered) {
          long[] physical = axes.stream().mapToLong(a -> Shapes.AXIS_IN_NCHW[a]).sorted().toArray();
          return new Layout(x.onnx(), physical, keep);
        }
      }
      return new Layout(c.nhwc(x), axes.stream().mapToLong(Integer::longValue).toArray(), false);
    }
  }
}
