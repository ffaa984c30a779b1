package org.facefare.face.faceapi;

import java.util.List;
import java.util.Set;
import org.facefare.face.faceapi.NchwGraph.Act;
import org.facefare.face.faceapi.NchwGraph.Padding;
import org.facefare.face.onnx.OnnxAttribute;
import org.facefare.face.onnx.OnnxGraphBuilder;

/**
 * face-api.js's face recognition net (FaceRecognitionNet, a port of dlib's ResNet-34-like
 * metric-learning network, 128-d descriptor) as an ONNX graph.
 *
 * <pre>
 * Forward pass (face-api.js src/faceRecognitionNet: FaceRecognitionNet.ts, convLayer.ts,
 * residualLayer.ts, scaleLayer.ts; He et al., "Deep Residual Learning for Image Recognition",
 * CVPR 2016; dlib's dnn_face_recognition_ResNet_model_v1):
 *
 *   x = (pixels - [122.782, 117.001, 104.298]) / 255   (face-api divides by 255, not 256)
 *   conv32_down: 7x7 conv stride 2 "valid" + bias, scale (x * s + t), relu; 3x3 max pool, stride 2
 *   residual(b)     : y = relu(x + conv2(relu(conv1(x))))            convs 3x3 stride 1 "same"
 *   residualDown(b) : y = relu(avgpool2x2(x) zero-padded to y's channels + conv2(relu(conv1(x))))
 *                     conv1 3x3 stride 2 "valid"; when conv1's output is one row and column smaller
 *                     than the pooled input, face-api appends a zero row and column to it
 *   blocks: conv32_1..3, conv64_down, conv64_1..3, conv128_down, conv128_1..2, conv256_down,
 *           conv256_1..2, conv256_down_out
 *   mean over rows and columns, then x fc ([256, 128], no bias) -> descriptor.
 *
 * Each conv's following scale layer is folded into it at import (w' = w * s, b' = b * s + t, in
 * double). Spatial sizes: 150 -> 72 -> 35 -> 17 -> 8 -> 4 (3 + zero row/column) -> 2 (1 + zeros).
 * </pre>
 */
final class FaceRecognitionGraph {

  private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

  private static final List<String> BLOCKS =
      List.of(
          "conv32_1",
          "conv32_2",
          "conv32_3",
          "conv64_down",
          "conv64_1",
          "conv64_2",
          "conv64_3",
          "conv128_down",
          "conv128_1",
          "conv128_2",
          "conv256_down",
          "conv256_1",
          "conv256_2",
          "conv256_down_out");

  private final WeightMap w;
  private final NchwGraph g;

  private FaceRecognitionGraph(WeightMap w) {
    this.w = w;
    this.g = new NchwGraph("faceapi_face_recognition");
  }

  static ConvertedGraph build(WeightMap weights) throws FaceApiWeightsException {
    return new FaceRecognitionGraph(weights).build();
  }

  private ConvertedGraph build() throws FaceApiWeightsException {
    int size = FaceApiNet.FACE_RECOGNITION.inputSize();
    Act x = g.inputNhwc("input", size, size, 3);
    x = g.div("normalize/div", g.subChannels("normalize/sub", x, MEAN_RGB), 255f);
    x = g.relu("conv32_down/relu", conv(x, "conv32_down", 2, Padding.VALID));
    x = g.maxPool("max_pool", x, 3, 2);
    for (String block : BLOCKS) {
      x = block.contains("down") ? residualDown(x, block) : residual(x, block);
    }
    OnnxGraphBuilder b = g.builder();
    String mean =
        b.node(
            "ReduceMean",
            "global_avg",
            List.of(x.name()),
            OnnxAttribute.ints("axes", 2, 3),
            OnnxAttribute.of("keepdims", 0L));
    Weight.Floats fc = w.takeRank("fc", 2);
    int[] s = fc.shape();
    if (s[0] != x.channels()) {
      throw w.misshaped(fc, "[" + x.channels() + ", outputs]");
    }
    w.finish(Set.of());
    String y =
        b.node("MatMul", "descriptor", List.of(mean, b.constant("fc", fc.values(), s[0], s[1])));
    b.output(y, OnnxGraphBuilder.FLOAT, new long[] {-1, s[1]});
    return new ConvertedGraph(
        g,
        new FaceApiOnnx.Tensor("input", List.of(-1L, (long) size, (long) size, 3L)),
        List.of(new FaceApiOnnx.Tensor(y, List.of(-1L, (long) s[1]))),
        "float32 RGB pixel values in [0, 255], NHWC [N, 150, 150, 3]: the face crop zero-padded"
            + " to a centred square and bilinearly resized, as face-api.js's"
            + " NetInput.toBatchTensor(150, true); output: descriptor (128 values, not"
            + " normalised)");
  }

  private Act residual(Act x, String prefix) throws FaceApiWeightsException {
    Act out = g.relu(prefix + "/conv1/relu", conv(x, prefix + "/conv1", 1, Padding.SAME));
    out = conv(out, prefix + "/conv2", 1, Padding.SAME);
    return g.relu(prefix + "/relu", g.add(prefix + "/add", out, x));
  }

  private Act residualDown(Act x, String prefix) throws FaceApiWeightsException {
    Act out = g.relu(prefix + "/conv1/relu", conv(x, prefix + "/conv1", 2, Padding.VALID));
    out = conv(out, prefix + "/conv2", 1, Padding.SAME);
    Act pooled = g.avgPool(prefix + "/avg_pool", x, 2, 2);
    if (pooled.height() != out.height() || pooled.width() != out.width()) {
      if (pooled.height() != out.height() + 1 || pooled.width() != out.width() + 1) {
        throw new IllegalStateException(prefix + ": cannot align " + out + " with " + pooled);
      }
      out = g.padEnd(prefix + "/pad_spatial", out, 0, 1, 1);
    }
    if (pooled.channels() != out.channels()) {
      if (out.channels() != 2 * pooled.channels()) {
        throw w.error(
            prefix
                + " maps "
                + pooled.channels()
                + " channels to "
                + out.channels()
                + "; face-api's shortcut only doubles them");
      }
      pooled = g.padEnd(prefix + "/pad_channels", pooled, pooled.channels(), 0, 0);
    }
    return g.relu(prefix + "/relu", g.add(prefix + "/add", pooled, out));
  }

  /** face-api's convLayer without its relu: conv + bias, then the scale layer, folded. */
  private Act conv(Act x, String prefix, int stride, Padding padding)
      throws FaceApiWeightsException {
    Weight.Floats f = w.takeRank(prefix + "/conv/filters", 4);
    int[] s = f.shape();
    if (s[0] != s[1] || s[2] != x.channels()) {
      throw w.misshaped(f, "[k, k, " + x.channels() + ", out]");
    }
    int out = s[3];
    float[] bias = w.take(prefix + "/conv/bias", out);
    float[] scale = w.take(prefix + "/scale/weights", out);
    float[] shift = w.take(prefix + "/scale/biases", out);
    double[] sc = new double[out];
    float[] b = new float[out];
    for (int o = 0; o < out; o++) {
      sc[o] = scale[o];
      b[o] = (float) ((double) bias[o] * scale[o] + shift[o]);
    }
    return g.conv(prefix, x, Filter.hwio(f.values(), s).scaled(sc), b, stride, padding);
  }
}
