package org.facefare.face.tfjs;

import java.util.Arrays;
import java.util.List;
import org.facefare.face.tfjs.Value.Dynamic;

/**
 * The {@code fused_ops} of Grappler's fused nodes ({@code _FusedConv2D}, {@code
 * FusedDepthwiseConv2dNative}, {@code _FusedMatMul}): a {@code BiasAdd}, optionally followed by
 * {@code Relu}, {@code Relu6} or {@code Prelu}, with the bias (and the Prelu alpha) as extra
 * inputs.
 *
 * @param bias whether a bias is added (input 2)
 * @param activation what follows; a Prelu's alpha is input 3
 */
record FusedOps(boolean bias, Activation activation) {

  /** The activations a fused node may end with. */
  enum Activation {
    NONE,
    RELU,
    RELU6,
    PRELU
  }

  /** What a plain (unfused) node computes: nothing extra. */
  static final FusedOps PLAIN = new FusedOps(false, Activation.NONE);

  /** Reads and checks {@code fused_ops} and {@code num_args}. */
  static FusedOps of(TfNode node) {
    List<String> ops = node.strings("fused_ops");
    if (ops.isEmpty() || ops.size() > 2 || !ops.get(0).equals("BiasAdd")) {
      throw unsupported(node, ops);
    }
    Activation activation =
        ops.size() == 1
            ? Activation.NONE
            : switch (ops.get(1)) {
              case "Relu" -> Activation.RELU;
              case "Relu6" -> Activation.RELU6;
              case "Prelu" -> Activation.PRELU;
              default -> throw unsupported(node, ops);
            };
    long args = activation == Activation.PRELU ? 2 : 1;
    if (node.integer("num_args", -1) != args || node.inputs().size() != 2 + args) {
      throw TfjsImportException.at(
          node,
          "fused_ops "
              + ops
              + " take "
              + args
              + " extra inputs, but num_args is "
              + node.integer("num_args", -1)
              + " and there are "
              + node.inputs().size()
              + " inputs");
    }
    return new FusedOps(true, activation);
  }

  /** The bias, which must have {@code channels} values. */
  float[] bias(TfNode node, Conversion c, int channels) {
    if (!bias) {
      return new float[channels];
    }
    Tensor.Floats b = c.floats(node, 2);
    if (b.shape().length != 1 || b.data().length != channels) {
      throw TfjsImportException.at(
          node, "bias has shape " + Arrays.toString(b.shape()) + ", not [" + channels + "]");
    }
    return b.data();
  }

  /** The name of the value before the activation, so that both ONNX nodes have readable names. */
  String inner(TfNode node, String suffix) {
    return activation == Activation.NONE ? node.name() : node.name() + suffix;
  }

  /** Applies the activation to {@code v}, the node's value before it. */
  Value activate(TfNode node, Conversion c, Value v) {
    return switch (activation) {
      case NONE -> v;
      case RELU -> new Value.Clip(node.name(), v, 0f, Float.POSITIVE_INFINITY);
      case RELU6 -> new Value.Clip(node.name(), v, 0f, 6f);
      case PRELU -> prelu(node, c, c.materialise(v), c.constant(node, 3));
    };
  }

  /** {@code x < 0 ? alpha * x : x} with a constant alpha broadcast like TensorFlow does. */
  static Dynamic prelu(TfNode node, Conversion c, Dynamic x, Value.Constant alpha) {
    int[] broadcast = Shapes.broadcast(x.shape(), alpha.shape());
    if (broadcast == null || !Arrays.equals(broadcast, x.shape())) {
      throw TfjsImportException.at(
          node,
          "Prelu alpha of shape "
              + Arrays.toString(alpha.shape())
              + " does not broadcast to "
              + Arrays.toString(x.shape()));
    }
    String out = c.emit("PRelu", node.name(), List.of(x.onnx(), c.operand(alpha, x.nchw())));
    return new Dynamic(out, x.shape(), x.nchw());
  }

  private static TfjsImportException unsupported(TfNode node, List<String> ops) {
    return TfjsImportException.at(
        node,
        "unsupported fused_ops "
            + ops
            + "; supported: [BiasAdd], [BiasAdd, Relu], [BiasAdd, Relu6], [BiasAdd, Prelu]");
  }
}
