package org.facefare.face.faceapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.facefare.face.faceapi.NchwGraph.Act;
import org.facefare.face.faceapi.NchwGraph.Padding;
import org.facefare.face.onnx.OnnxAttribute;
import org.facefare.face.onnx.OnnxGraphBuilder;

/**
 * face-api.js's SSD MobileNetV1 face detector as an ONNX graph, up to the raw box encodings and
 * face scores; prior-box decoding and NMS are left to {@link SsdDecoder}.
 *
 * <pre>
 * Forward pass (face-api.js src/ssdMobilenetv1: SsdMobilenetv1.ts, mobileNetV1.ts,
 * predictionLayer.ts, boxPredictionLayer.ts, outputLayer.ts; the TF object-detection SSD of Liu
 * et al., "SSD: Single Shot MultiBox Detector", ECCV 2016, over Howard et al.'s MobileNetV1, 2017).
 *
 *   x = pixels / 127.5 - 1
 *   MobileNetV1: conv_0 = 3x3 conv stride 2 + bias, ReLU6; conv_1..13 = 3x3 depthwise conv
 *     (strides 2 at layers 2, 4, 6, 12) + batch norm (epsilon 0.001), ReLU6, then 1x1 conv + bias,
 *     ReLU6; conv11 is layer 11's output, out is layer 13's.
 *   prediction layers conv_0..7 on out: 1x1 / 3x3 convs + bias, ReLU6, strides 1,2,1,2,1,2,1,2.
 *   box predictor i (1x1 conv + bias, no activation) on conv11, out, conv1, conv3, conv5, conv7;
 *     box encodings reshaped NHWC-wise to [N, -1, 4], class logits to [N, -1, classes] and both
 *     concatenated over the six heads: 32*32*3 + 16*16*6 + 8*8*6 + 4*4*6 + 2*2*6 + 1*6 = 5118.
 *   score = sigmoid(class logit 1) (face-api slices classes 1.. and keeps the first).
 *
 * Channel counts, kernel sizes and anchors per cell come from the weights' shapes and are checked
 * against each other. Batch norm is folded into the depthwise weights at import
 * (w' = w * gamma / sqrt(var + eps), b' = beta - mean * gamma / sqrt(var + eps), in double), which
 * keeps the graph to Conv/Clip pairs. Each head's output is transposed to NHWC before the reshape
 * so the anchor order is face-api's (row, column, anchor); these are the graph's only transposes
 * besides the input's. The prior boxes (the weight Output/extra_dim, [1, 5118, 4] as
 * [ymin, xmin, ymax, xmax]) are exposed as the constant output "anchors" so the model file alone
 * suffices to decode its output.
 * </pre>
 */
final class SsdMobilenetV1Graph {

  /** The batch-norm epsilon face-api.js's mobileNetV1.ts uses (float32 0.001). */
  static final double BN_EPSILON = 0.0010000000474974513;

  /**
   * Constants of the exported TensorFlow graph (reshape sizes, preprocessing scalars) that
   * face-api.js's loader discards; anything else unused is an error.
   */
  static final Set<String> UNUSED =
      Set.of(
          "Prediction/BoxPredictor_0/stack_1/2",
          "Prediction/BoxPredictor_0/stack_1/1",
          "Prediction/BoxPredictor_1/stack_1/1",
          "Prediction/BoxPredictor_2/stack_1/1",
          "Prediction/BoxPredictor_3/stack_1/1",
          "Prediction/BoxPredictor_4/stack_1/1",
          "Prediction/BoxPredictor_5/stack_1/1",
          "Prediction/BoxPredictor_0/stack/3",
          "Prediction/BoxPredictor_0/strided_slice/stack",
          "Prediction/BoxPredictor_0/strided_slice/stack_1",
          "Postprocessor/Slice/begin",
          "Postprocessor/Slice/size",
          "Postprocessor/stack/1",
          "Preprocessor/mul/x",
          "Preprocessor/ResizeImage/size",
          "Preprocessor/sub/y",
          "concat_1/axis");

  private static final Set<Integer> STRIDE_2_LAYERS = Set.of(2, 4, 6, 12);

  private final WeightMap w;
  private final NchwGraph g;

  private SsdMobilenetV1Graph(WeightMap w) {
    this.w = w;
    this.g = new NchwGraph("faceapi_ssd_mobilenetv1");
  }

  static ConvertedGraph build(WeightMap weights) throws FaceApiWeightsException {
    return new SsdMobilenetV1Graph(weights).build();
  }

  private ConvertedGraph build() throws FaceApiWeightsException {
    int size = FaceApiNet.SSD_MOBILENETV1.inputSize();
    Act x = g.inputNhwc("input", size, size, 3);
    Act[] heads = backbone(g.sub("normalize/sub", g.div("normalize/div", x, 127.5f), 1f));

    OnnxGraphBuilder b = g.builder();
    List<String> boxParts = new ArrayList<>();
    List<String> classParts = new ArrayList<>();
    int anchors = 0;
    int classes = -1;
    for (int i = 0; i < heads.length; i++) {
      String prefix = "Prediction/BoxPredictor_" + i;
      Head box = head(heads[i], prefix + "/BoxEncodingPredictor");
      Head cls = head(heads[i], prefix + "/ClassPredictor");
      if (box.channels == 0 || box.channels % 4 != 0 || cls.channels % (box.channels / 4) != 0) {
        throw w.error(
            prefix
                + " has "
                + box.channels
                + " box and "
                + cls.channels
                + " class channels, not 4 and C per anchor");
      }
      int perCell = box.channels / 4;
      int headClasses = cls.channels / perCell;
      if (classes != -1 && headClasses != classes || headClasses < 2) {
        throw w.error(prefix + " predicts " + headClasses + " classes per anchor");
      }
      classes = headClasses;
      anchors += heads[i].height() * heads[i].width() * perCell;
      boxParts.add(reshaped(b, box.value, prefix + "/box_encodings", 4));
      classParts.add(reshaped(b, cls.value, prefix + "/class_logits", classes));
    }
    String boxes = b.node("Concat", "box_encodings", boxParts, OnnxAttribute.of("axis", 1L));
    String logits = b.node("Concat", "class_logits", classParts, OnnxAttribute.of("axis", 1L));
    String faceLogit =
        b.node(
            "Slice",
            "face_logit",
            List.of(
                logits,
                b.int64s("face_logit/starts", 1),
                b.int64s("face_logit/ends", 2),
                b.int64s("face_logit/axes", 2)));
    String sigmoid = b.node("Sigmoid", "face_score", List.of(faceLogit));
    String scores = b.node("Reshape", "scores", List.of(sigmoid, b.int64s("scores/shape", 0, -1)));

    float[] priors = w.take("Output/extra_dim", 1, anchors, 4);
    String anchorsOut =
        b.node("Identity", "anchors", List.of(b.constant("priors", priors, anchors, 4)));
    w.finish(UNUSED);

    b.output(boxes, OnnxGraphBuilder.FLOAT, new long[] {-1, anchors, 4});
    b.output(scores, OnnxGraphBuilder.FLOAT, new long[] {-1, anchors});
    b.output(anchorsOut, OnnxGraphBuilder.FLOAT, new long[] {anchors, 4});
    return new ConvertedGraph(
        g,
        new FaceApiOnnx.Tensor("input", List.of(-1L, (long) size, (long) size, 3L)),
        List.of(
            new FaceApiOnnx.Tensor(boxes, List.of(-1L, (long) anchors, 4L)),
            new FaceApiOnnx.Tensor(scores, List.of(-1L, (long) anchors)),
            new FaceApiOnnx.Tensor(anchorsOut, List.of((long) anchors, 4L))),
        "float32 RGB pixel values in [0, 255], NHWC [N, 512, 512, 3]: the image zero-padded at"
            + " the bottom or right to a square and bilinearly resized, as face-api.js's"
            + " NetInput.toBatchTensor(512, false); outputs: box_encodings (raw, per anchor"
            + " [ty, tx, th, tw]), scores (sigmoid of the face logit), anchors ([ymin, xmin,"
            + " ymax, xmax], relative)");
  }

  /** MobileNetV1 and the extra feature layers; returns the six box predictors' inputs. */
  private Act[] backbone(Act x) throws FaceApiWeightsException {
    Act out = pointwise(x, "MobilenetV1/Conv2d_0_pointwise", 2);
    Act conv11 = null;
    for (int layer = 1; layer <= 13; layer++) {
      out = depthwise(out, layer, STRIDE_2_LAYERS.contains(layer) ? 2 : 1);
      out = pointwise(out, "MobilenetV1/Conv2d_" + layer + "_pointwise", 1);
      if (layer == 11) {
        conv11 = out;
      }
    }
    Act[] p = new Act[8];
    Act prev = out;
    for (int i = 0; i < 8; i++) {
      p[i] = pointwise(prev, "Prediction/Conv2d_" + i + "_pointwise", i % 2 == 1 ? 2 : 1);
      prev = p[i];
    }
    return new Act[] {conv11, out, p[1], p[3], p[5], p[7]};
  }

  /** face-api's pointwiseConvLayer: conv ("same") + batch_norm_offset, ReLU6. */
  private Act pointwise(Act x, String prefix, int stride) throws FaceApiWeightsException {
    Weight.Floats f = w.takeRank(prefix + "/weights", 4);
    int[] s = f.shape();
    if (s[0] != s[1] || s[2] != x.channels()) {
      throw w.misshaped(f, "[k, k, " + x.channels() + ", out]");
    }
    float[] offset = w.take(prefix + "/convolution_bn_offset", s[3]);
    Act y = g.conv(prefix, x, Filter.hwio(f.values(), s), offset, stride, Padding.SAME);
    return g.clip(prefix + "/relu6", y, 0f, 6f);
  }

  /** face-api's depthwiseConvLayer: depthwise conv ("same"), batch norm, ReLU6. */
  private Act depthwise(Act x, int layer, int stride) throws FaceApiWeightsException {
    String prefix = "MobilenetV1/Conv2d_" + layer + "_depthwise";
    int c = x.channels();
    Weight.Floats f = w.takeRank(prefix + "/depthwise_weights", 4);
    int[] s = f.shape();
    if (s[0] != s[1] || s[2] != c || s[3] != 1) {
      throw w.misshaped(f, "[k, k, " + c + ", 1]");
    }
    float[] gamma = w.take(prefix + "/BatchNorm/gamma", c);
    float[] beta = w.take(prefix + "/BatchNorm/beta", c);
    float[] mean = w.take(prefix + "/BatchNorm/moving_mean", c);
    float[] variance = w.take(prefix + "/BatchNorm/moving_variance", c);
    double[] scale = new double[c];
    float[] bias = new float[c];
    for (int i = 0; i < c; i++) {
      scale[i] = gamma[i] / Math.sqrt(variance[i] + BN_EPSILON);
      bias[i] = (float) (beta[i] - mean[i] * scale[i]);
    }
    Filter filter = Filter.depthwise(f.values(), s).scaled(scale);
    Act y = g.conv(prefix, x, filter, bias, stride, Padding.SAME);
    return g.clip(prefix + "/relu6", y, 0f, 6f);
  }

  /** A box-predictor 1x1 convolution's output and channel count. */
  private record Head(String value, int channels) {}

  private Head head(Act x, String prefix) throws FaceApiWeightsException {
    Weight.Floats f = w.takeRank(prefix + "/weights", 4);
    int[] s = f.shape();
    if (s[0] != 1 || s[1] != 1 || s[2] != x.channels()) {
      throw w.misshaped(f, "[1, 1, " + x.channels() + ", out]");
    }
    float[] bias = w.take(prefix + "/biases", s[3]);
    Act y = g.conv(prefix, x, Filter.hwio(f.values(), s), bias, 1, Padding.SAME);
    return new Head(g.toNhwc(prefix + "/nhwc", y), s[3]);
  }

  private static String reshaped(OnnxGraphBuilder b, String nhwc, String name, int last) {
    return b.node("Reshape", name, List.of(nhwc, b.int64s(name + "/shape", 0, -1, last)));
  }
}
