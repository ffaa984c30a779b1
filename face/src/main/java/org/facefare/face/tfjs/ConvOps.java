package org.facefare.face.tfjs;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.facefare.face.onnx.OnnxAttribute;
import org.facefare.face.tfjs.Padding.Pad;
import org.facefare.face.tfjs.Value.Dynamic;

/** Converters of convolutions, max pooling and padding, which run in NCHW in the ONNX graph. */
final class ConvOps {

  private static final Set<String> CONV_ATTRS =
      Set.of(
          "T",
          "strides",
          "padding",
          "explicit_paddings",
          "dilations",
          "data_format",
          "use_cudnn_on_gpu");

  /** Those of a convolution plus the fused ops; {@code epsilon} only serves FusedBatchNorm. */
  private static final Set<String> FUSED_CONV_ATTRS =
      Stream.concat(
              CONV_ATTRS.stream(), Stream.of("fused_ops", "num_args", "epsilon", "leakyrelu_alpha"))
          .collect(Collectors.toUnmodifiableSet());

  private ConvOps() {}

  /** {@code Conv2D} and {@code _FusedConv2D}: filter {@code [kh, kw, in, out]}. */
  static Value conv2d(TfNode node, Conversion c) {
    return convolution(node, c, false);
  }

  /** {@code DepthwiseConv2dNative} and its fused form: filter {@code [kh, kw, in, multiplier]}. */
  static Value depthwise(TfNode node, Conversion c) {
    return convolution(node, c, true);
  }

  private static Value convolution(TfNode node, Conversion c, boolean depthwise) {
    boolean fused = node.op().startsWith("_Fused") || node.op().startsWith("Fused");
    node.allowAttributes(fused ? FUSED_CONV_ATTRS : CONV_ATTRS);
    node.requireFloat("T");
    FusedOps ops = fused ? FusedOps.of(node) : FusedOps.PLAIN;
    if (!fused) {
      c.requireInputs(node, 2);
    }
    Value x = c.value(node, 0);
    Dynamic src;
    Pad top = new Pad(0, 0);
    Pad left = new Pad(0, 0);
    if (x instanceof Value.Padded p) {
      src = p.source();
      top = p.top();
      left = p.left();
    } else {
      src = c.materialise(x);
    }
    requireRank4(node, src);
    Tensor.Floats filter = c.floats(node, 1);
    int[] f = filter.shape();
    int channels = src.shape()[3];
    if (f.length != 4 || f[2] != channels) {
      throw TfjsImportException.at(
          node,
          "filter of shape "
              + Arrays.toString(f)
              + " does not fit input of shape "
              + Arrays.toString(src.shape()));
    }
    Window w = Window.of(node, src.shape(), f[0], f[1], top, left);
    int out = depthwise ? f[2] * f[3] : f[3];
    float[] weights;
    int[] weightShape;
    if (depthwise) {
      // [kh, kw, in, m] -> [in, m, kh, kw] = [in * m, 1, kh, kw]: output channel i * m + k, as TF.
      weights = Shapes.permute(filter.data(), f, new int[] {2, 3, 0, 1});
      weightShape = new int[] {out, 1, f[0], f[1]};
    } else {
      weights = Shapes.permute(filter.data(), f, new int[] {3, 2, 0, 1});
      weightShape = new int[] {out, f[2], f[0], f[1]};
    }
    Value.Conv conv =
        new Value.Conv(
            ops.inner(node, "/conv"),
            c.nchw(src),
            weights,
            weightShape,
            ops.bias(node, c, out),
            new long[] {w.strideH(), w.strideW()},
            new long[] {w.top().before(), w.left().before(), w.top().after(), w.left().after()},
            new long[] {w.dilationH(), w.dilationW()},
            depthwise ? channels : 1,
            new int[] {src.shape()[0], w.outH(), w.outW(), out});
    return ops.activate(node, c, conv);
  }

  /** {@code MaxPool}: window {@code ksize}; TensorFlow's padded cells never win, as in ONNX. */
  static Value maxPool(TfNode node, Conversion c) {
    node.allowAttributes(
        Set.of("T", "ksize", "strides", "padding", "explicit_paddings", "data_format"));
    node.requireFloat("T");
    c.requireInputs(node, 1);
    Dynamic x = c.dynamic(node, 0);
    requireRank4(node, x);
    long[] k = node.ints("ksize");
    if (k.length != 4 || k[0] != 1 || k[3] != 1) {
      throw TfjsImportException.at(node, "ksize must be [1, kh, kw, 1], not " + Arrays.toString(k));
    }
    Window w = Window.of(node, x.shape(), (int) k[1], (int) k[2], new Pad(0, 0), new Pad(0, 0));
    if (w.dilationH() != 1 || w.dilationW() != 1) {
      throw TfjsImportException.at(node, "dilated pooling is not supported");
    }
    String out =
        c.emit(
            "MaxPool",
            node.name(),
            List.of(c.nchw(x)),
            OnnxAttribute.ints("kernel_shape", k[1], k[2]),
            OnnxAttribute.ints("strides", w.strideH(), w.strideW()),
            OnnxAttribute.ints(
                "pads", w.top().before(), w.left().before(), w.top().after(), w.left().after()));
    return new Dynamic(out, new int[] {x.shape()[0], w.outH(), w.outW(), x.shape()[3]}, true);
  }

  /**
   * {@code Pad} with zeros. Padding of only the spatial axes of an image stays lazy, so that a
   * convolution reading it pads instead (its padded cells are zeros too); other padding is an ONNX
   * {@code Pad}.
   */
  static Value pad(TfNode node, Conversion c) {
    node.allowAttributes(Set.of("T", "Tpaddings"));
    node.requireFloat("T");
    c.requireInputs(node, 2);
    Dynamic x = c.dynamic(node, 0);
    Tensor.Ints p = c.ints(node, 1);
    int rank = x.shape().length;
    if (!Arrays.equals(p.shape(), new int[] {rank, 2})) {
      throw TfjsImportException.at(
          node,
          "paddings of shape " + Arrays.toString(p.shape()) + " for a rank-" + rank + " input");
    }
    int[] shape = x.shape().clone();
    for (int i = 0; i < rank; i++) {
      if (p.data()[2 * i] < 0 || p.data()[2 * i + 1] < 0) {
        throw TfjsImportException.at(node, "negative paddings " + Arrays.toString(p.data()));
      }
      shape[i] += p.data()[2 * i] + p.data()[2 * i + 1];
    }
    int[] d = p.data();
    if (rank == 4 && d[0] == 0 && d[1] == 0 && d[6] == 0 && d[7] == 0) {
      return new Value.Padded(node.name(), x, new Pad(d[2], d[3]), new Pad(d[4], d[5]), shape);
    }
    long[] pads = new long[2 * rank];
    for (int i = 0; i < rank; i++) {
      int axis = x.nchw() ? Shapes.NCHW_PERM[i] : i;
      pads[i] = d[2 * axis];
      pads[rank + i] = d[2 * axis + 1];
    }
    String out =
        c.emit("Pad", node.name(), List.of(x.onnx(), c.longs(node.name() + "/pads", pads)));
    return new Dynamic(out, shape, x.nchw());
  }

  private static void requireRank4(TfNode node, Dynamic x) {
    if (x.shape().length != 4) {
      throw TfjsImportException.at(
          node, "input has shape " + Arrays.toString(x.shape()) + "; an NHWC image was expected");
    }
  }

  /**
   * A sliding window over the two spatial axes of an NHWC input, with TensorFlow's {@code strides},
   * {@code dilations} and {@code padding} ({@code SAME}, {@code VALID} or {@code EXPLICIT}), on top
   * of zero padding already folded in from a {@code Pad}.
   */
  record Window(
      int strideH,
      int strideW,
      int dilationH,
      int dilationW,
      Pad top,
      Pad left,
      int outH,
      int outW) {

    static Window of(TfNode node, int[] nhwc, int kh, int kw, Pad foldedTop, Pad foldedLeft) {
      String format = node.string("data_format", "NHWC");
      if (!format.equals("NHWC")) {
        throw TfjsImportException.at(
            node, "data_format " + format + " is not supported, only NHWC");
      }
      long[] s = spatial(node, "strides", node.ints("strides"));
      long[] d = spatial(node, "dilations", node.ints("dilations", new long[] {1, 1, 1, 1}));
      String padding = node.string("padding", "");
      long[] explicit = node.ints("explicit_paddings", new long[0]);
      if (!padding.equals("EXPLICIT") && explicit.length != 0) {
        throw TfjsImportException.at(node, "explicit_paddings given with padding " + padding);
      }
      int h = nhwc[1] + foldedTop.before() + foldedTop.after();
      int w = nhwc[2] + foldedLeft.before() + foldedLeft.after();
      Pad top;
      Pad left;
      try {
        switch (padding) {
          case "SAME" -> {
            top = Padding.same(h, kh, (int) s[0], (int) d[0]);
            left = Padding.same(w, kw, (int) s[1], (int) d[1]);
          }
          case "VALID" -> {
            top = new Pad(0, 0);
            left = new Pad(0, 0);
          }
          case "EXPLICIT" -> {
            if (explicit.length != 8
                || explicit[0] != 0
                || explicit[1] != 0
                || explicit[6] != 0
                || explicit[7] != 0) {
              throw TfjsImportException.at(
                  node,
                  "explicit_paddings " + Arrays.toString(explicit) + " must pad only H and W");
            }
            top = new Pad((int) explicit[2], (int) explicit[3]);
            left = new Pad((int) explicit[4], (int) explicit[5]);
          }
          default -> throw TfjsImportException.at(node, "unsupported padding '" + padding + "'");
        }
        int outH = Padding.outputSize(h, top, kh, (int) s[0], (int) d[0]);
        int outW = Padding.outputSize(w, left, kw, (int) s[1], (int) d[1]);
        return new Window(
            (int) s[0],
            (int) s[1],
            (int) d[0],
            (int) d[1],
            foldedTop.plus(top),
            foldedLeft.plus(left),
            outH,
            outW);
      } catch (IllegalArgumentException e) {
        throw TfjsImportException.at(node, e.getMessage());
      }
    }

    private static long[] spatial(TfNode node, String key, long[] v) {
      if (v.length != 4 || v[0] != 1 || v[3] != 1 || v[1] < 1 || v[2] < 1) {
        throw TfjsImportException.at(
            node, key + " must be [1, h, w, 1] with h, w >= 1, not " + Arrays.toString(v));
      }
      return new long[] {v[1], v[2]};
    }
  }
}
