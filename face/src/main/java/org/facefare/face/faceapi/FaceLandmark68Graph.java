package org.facefare.face.faceapi;

import java.util.List;
import java.util.Set;
import org.facefare.face.faceapi.NchwGraph.Act;
import org.facefare.face.faceapi.NchwGraph.Padding;
import org.facefare.face.onnx.OnnxGraphBuilder;

/**
 * face-api.js's 68-point face landmark net (FaceLandmark68Net) as an ONNX graph.
 *
 * <pre>
 * Forward pass (face-api.js src/faceFeatureExtractor/FaceFeatureExtractor.ts, denseBlock.ts,
 * src/faceProcessor/FaceProcessor.ts, src/common/depthwiseSeparableConv.ts):
 *
 *   x = (pixels - [122.782, 117.001, 104.298]) / 255
 *   four dense blocks dense0..3; block b:
 *     out1 = relu(conv0(x))     conv0: dense0's a 3x3 conv + bias, the others a separable conv,
 *                               stride 2, "same"
 *     out2 = sep(out1, conv1);  in3 = relu(out1 + out2)
 *     out3 = sep(in3, conv2);   in4 = relu(out1 + (out2 + out3))
 *     out4 = sep(in4, conv3);   y   = relu(out1 + (out2 + (out3 + out4)))
 *     sep = 3x3 depthwise conv (no bias), 1x1 conv, + bias (tf.separableConv2d + bias)
 *   7x7 average pool, stride 2, "valid" (7x7 -> 1x1), flatten, fc: x W + b -> 136 values.
 *
 * The output "landmarks" [N, 136] is the fc output itself, (x0, y0, x1, y1, ...) relative to the
 * 112x112 input; face-api's postProcess (undoing the padding to a square) is plain arithmetic
 * left to the caller. The sums keep face-api's association order.
 * </pre>
 */
final class FaceLandmark68Graph {

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private final WeightMap w;
  private final NchwGraph g;

  private FaceLandmark68Graph(WeightMap w) {
    this.w = w;
    this.g = new NchwGraph("faceapi_face_landmark_68");
  }

  static ConvertedGraph build(WeightMap weights) throws FaceApiWeightsException {
    return new FaceLandmark68Graph(weights).build();
  }

  private ConvertedGraph build() throws FaceApiWeightsException {
    int size = FaceApiNet.FACE_LANDMARK_68.inputSize();
    Act x = g.inputNhwc("input", size, size, 3);
    x = g.div("normalize/div", g.subChannels("normalize/sub", x, MEAN_RGB), 255f);
    for (int b = 0; b < 4; b++) {
      x = denseBlock(x, "dense" + b, b == 0);
    }
    x = g.avgPool("avg_pool", x, 7, 2);
    if (x.height() != 1 || x.width() != 1) {
      throw new IllegalStateException("landmark features are not 1x1: " + x);
    }
    Weight.Floats fc = w.takeRank("fc/weights", 2);
    int[] s = fc.shape();
    if (s[0] != x.channels()) {
      throw w.misshaped(fc, "[" + x.channels() + ", outputs]");
    }
    float[] bias = w.take("fc/bias", s[1]);
    w.finish(Set.of());

    OnnxGraphBuilder b = g.builder();
    String flat = b.node("Flatten", "flatten", List.of(x.name()));
    String y =
        b.node(
            "Gemm",
            "landmarks",
            List.of(
                flat, b.constant("fc/W", fc.values(), s[0], s[1]), b.constant("fc/B", bias, s[1])));
    b.output(y, OnnxGraphBuilder.FLOAT, new long[] {-1, s[1]});
    return new ConvertedGraph(
        g,
        new FaceApiOnnx.Tensor("input", List.of(-1L, (long) size, (long) size, 3L)),
        List.of(new FaceApiOnnx.Tensor(y, List.of(-1L, (long) s[1]))),
        "float32 RGB pixel values in [0, 255], NHWC [N, 112, 112, 3]: the face crop zero-padded"
            + " to a centred square and bilinearly resized, as face-api.js's"
            + " NetInput.toBatchTensor(112, true); output: landmarks (x0, y0, ..., x67, y67)"
            + " relative to the 112x112 input");
  }

  private Act denseBlock(Act x, String prefix, boolean first) throws FaceApiWeightsException {
    Act out1 =
        g.relu(
            prefix + "/out1",
            first ? plainConv(x, prefix + "/conv0") : sep(x, prefix + "/conv0", 2));
    Act out2 = sep(out1, prefix + "/conv1", 1);
    Act in3 = g.relu(prefix + "/in3", g.add(prefix + "/sum3", out1, out2));
    Act out3 = sep(in3, prefix + "/conv2", 1);
    Act in4 =
        g.relu(
            prefix + "/in4", g.add(prefix + "/sum4", out1, g.add(prefix + "/sum4a", out2, out3)));
    Act out4 = sep(in4, prefix + "/conv3", 1);
    Act inner = g.add(prefix + "/sum5b", out3, out4);
    return g.relu(
        prefix + "/out", g.add(prefix + "/sum5", out1, g.add(prefix + "/sum5a", out2, inner)));
  }

  /** dense0's first layer: a 3x3 conv ("same", stride 2) + bias. */
  private Act plainConv(Act x, String prefix) throws FaceApiWeightsException {
    Weight.Floats f = w.takeRank(prefix + "/filters", 4);
    int[] s = f.shape();
    checkKernel(f, x.channels());
    float[] bias = w.take(prefix + "/bias", s[3]);
    return g.conv(prefix, x, Filter.hwio(f.values(), s), bias, 2, Padding.SAME);
  }

  /** face-api's depthwiseSeparableConv: depthwise conv, pointwise conv, + bias. */
  private Act sep(Act x, String prefix, int stride) throws FaceApiWeightsException {
    int c = x.channels();
    Weight.Floats dw = w.takeRank(prefix + "/depthwise_filter", 4);
    int[] d = dw.shape();
    if (d[0] != d[1] || d[2] != c || d[3] != 1) {
      throw w.misshaped(dw, "[k, k, " + c + ", 1]");
    }
    Weight.Floats pw = w.takeRank(prefix + "/pointwise_filter", 4);
    int[] p = pw.shape();
    if (p[0] != 1 || p[1] != 1) {
      throw w.misshaped(pw, "[1, 1, " + c + ", out]");
    }
    checkKernel(pw, c);
    float[] bias = w.take(prefix + "/bias", p[3]);
    Act depth =
        g.conv(
            prefix + "/depthwise", x, Filter.depthwise(dw.values(), d), null, stride, Padding.SAME);
    return g.conv(prefix + "/pointwise", depth, Filter.hwio(pw.values(), p), bias, 1, Padding.SAME);
  }

  private void checkKernel(Weight.Floats f, int in) throws FaceApiWeightsException {
    int[] s = f.shape();
    if (s[0] != s[1] || s[2] != in) {
      throw w.misshaped(f, "[k, k, " + in + ", out]");
    }
  }
}
