package org.facefare.face.faceapi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facefare.face.onnx.OnnxAttribute;
import org.facefare.face.onnx.OnnxGraphBuilder;

/**
 * An ONNX graph under construction whose activations are NCHW tensors of known channel and spatial
 * sizes, with TensorFlow's layer semantics ("same"/"valid" padding, HWIO weights) mapped onto ONNX
 * operators.
 *
 * <pre>
 * TensorFlow's "same" padding gives ceil(in / stride) outputs and pads
 * max((out - 1) * stride + k - in, 0) in total, the smaller half before; "valid" pads nothing and
 * gives floor((in - k) / stride) + 1 outputs (tf.nn.conv2d documentation, "padding"). These are
 * written as explicit ONNX pads, never auto_pad, so the graph states exactly what it computes.
 * Weights arrive as Filters, transposed once at import from TensorFlow's HWIO order to ONNX's OIHW,
 * so the graph itself holds no weight transposes.
 * </pre>
 */
final class NchwGraph {

  /** One NCHW activation: its value name and sizes (the batch is symbolic). */
  record Act(String name, int channels, int height, int width) {}

  /** TensorFlow's padding modes. */
  enum Padding {
    SAME,
    VALID
  }

  private final OnnxGraphBuilder g;
  private final Map<Float, String> scalars = new HashMap<>();

  NchwGraph(String graphName) {
    this.g = new OnnxGraphBuilder(graphName);
  }

  /** The underlying builder, for the few operators this class does not wrap. */
  OnnxGraphBuilder builder() {
    return g;
  }

  /** Declares the float32 NHWC graph input {@code [N, h, w, c]} and returns it as NCHW. */
  Act inputNhwc(String name, int h, int w, int c) {
    String in = g.input(name, OnnxGraphBuilder.FLOAT, -1, h, w, c);
    String t = g.node("Transpose", "to_nchw", List.of(in), OnnxAttribute.ints("perm", 0, 3, 1, 2));
    return new Act(t, c, h, w);
  }

  /** The NHWC value ({@code [N, H, W, C]}) of {@code x}. */
  String toNhwc(String name, Act x) {
    return g.node("Transpose", name, List.of(x.name()), OnnxAttribute.ints("perm", 0, 2, 3, 1));
  }

  /**
   * A 2-D convolution of {@code x} with {@code filter}.
   *
   * @param bias {@code filter.out()} biases, or {@code null} for none
   */
  Act conv(String name, Act x, Filter filter, float[] bias, int stride, Padding padding) {
    int group = filter.depthwise() ? x.channels() : 1;
    if (filter.inPerGroup() * group != x.channels()
        || filter.depthwise() && filter.out() != x.channels()) {
      throw new IllegalArgumentException(name + ": " + filter.out() + "-output filter for " + x);
    }
    int[] ph = pads(name, x.height(), filter.kh(), stride, padding);
    int[] pw = pads(name, x.width(), filter.kw(), stride, padding);
    String w =
        g.constant(
            name + "/W",
            filter.oihw(),
            filter.out(),
            filter.inPerGroup(),
            filter.kh(),
            filter.kw());
    List<String> inputs =
        bias == null
            ? List.of(x.name(), w)
            : List.of(x.name(), w, g.constant(name + "/B", bias, filter.out()));
    String y =
        g.node(
            "Conv",
            name,
            inputs,
            OnnxAttribute.ints("kernel_shape", filter.kh(), filter.kw()),
            OnnxAttribute.ints("strides", stride, stride),
            OnnxAttribute.ints("pads", ph[0], pw[0], ph[1], pw[1]),
            OnnxAttribute.of("group", group));
    return new Act(y, filter.out(), ph[2], pw[2]);
  }

  /** {@code min(max(x, lo), hi)} elementwise. */
  Act clip(String name, Act x, float lo, float hi) {
    String y = g.node("Clip", name, List.of(x.name(), scalar(lo), scalar(hi)));
    return new Act(y, x.channels(), x.height(), x.width());
  }

  /** {@code max(x, 0)} elementwise. */
  Act relu(String name, Act x) {
    return new Act(g.node("Relu", name, List.of(x.name())), x.channels(), x.height(), x.width());
  }

  /** {@code a + b} elementwise; the shapes must match. */
  Act add(String name, Act a, Act b) {
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException(name + ": adding " + a + " and " + b);
    }
    return new Act(
        g.node("Add", name, List.of(a.name(), b.name())), a.channels(), a.height(), a.width());
  }

  /** {@code x - perChannel[c]}, channel by channel. */
  Act subChannels(String name, Act x, float[] perChannel) {
    String c = g.constant(name + "/value", perChannel, 1, perChannel.length, 1, 1);
    return new Act(g.node("Sub", name, List.of(x.name(), c)), x.channels(), x.height(), x.width());
  }

  /** {@code x - value} elementwise. */
  Act sub(String name, Act x, float value) {
    return new Act(
        g.node("Sub", name, List.of(x.name(), scalar(value))), x.channels(), x.height(), x.width());
  }

  /** {@code x / value} elementwise. */
  Act div(String name, Act x, float value) {
    return new Act(
        g.node("Div", name, List.of(x.name(), scalar(value))), x.channels(), x.height(), x.width());
  }

  /** Max pooling with a square window and "valid" padding. */
  Act maxPool(String name, Act x, int k, int stride) {
    return pool("MaxPool", name, x, k, stride);
  }

  /** Average pooling with a square window and "valid" padding. */
  Act avgPool(String name, Act x, int k, int stride) {
    return pool("AveragePool", name, x, k, stride);
  }

  /** Appends {@code rows} zero rows, {@code cols} zero columns and {@code channels} zero planes. */
  Act padEnd(String name, Act x, int channels, int rows, int cols) {
    String pads = g.int64s(name + "/pads", 0, 0, 0, 0, 0, channels, rows, cols);
    String y = g.node("Pad", name, List.of(x.name(), pads), OnnxAttribute.of("mode", "constant"));
    return new Act(y, x.channels() + channels, x.height() + rows, x.width() + cols);
  }

  /** Serialises the graph. */
  byte[] build(String producer, Map<String, String> metadata) {
    return g.build(producer, metadata);
  }

  private Act pool(String op, String name, Act x, int k, int stride) {
    int[] ph = pads(name, x.height(), k, stride, Padding.VALID);
    int[] pw = pads(name, x.width(), k, stride, Padding.VALID);
    String y =
        g.node(
            op,
            name,
            List.of(x.name()),
            OnnxAttribute.ints("kernel_shape", k, k),
            OnnxAttribute.ints("strides", stride, stride));
    return new Act(y, x.channels(), ph[2], pw[2]);
  }

  /** {before, after, outputSize} of one spatial axis under TensorFlow's padding rules. */
  private static int[] pads(String name, int in, int k, int stride, Padding padding) {
    if (padding == Padding.VALID) {
      if (in < k) {
        throw new IllegalArgumentException(name + ": window " + k + " exceeds input " + in);
      }
      return new int[] {0, 0, (in - k) / stride + 1};
    }
    int out = (in + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + k - in, 0);
    return new int[] {total / 2, total - total / 2, out};
  }

  private String scalar(float value) {
    return scalars.computeIfAbsent(value, v -> g.constant("scalar", new float[] {v}));
  }
}
