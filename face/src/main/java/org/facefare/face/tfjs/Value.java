package org.facefare.face.tfjs;

/**
 * What a TensorFlow node's output has become during conversion. Shapes are always TensorFlow's
 * (logical NHWC for images); a rank-4 {@link Dynamic} may be stored as NCHW in the ONNX graph. The
 * lazy kinds ({@link Padded}, {@link Conv}, {@link Clip}) are not in the ONNX graph yet, so that a
 * later node can fold into them; {@link Conversion#materialise} emits them.
 */
sealed interface Value {

  /** TensorFlow's shape of the value. */
  int[] shape();

  /** An ONNX graph value; {@code nchw} tells that a rank-4 value is stored as NCHW. */
  record Dynamic(String onnx, int[] shape, boolean nchw) implements Value {
    public Dynamic {
      if (nchw && shape.length != 4) {
        throw new IllegalArgumentException("only rank-4 values can be NCHW");
      }
    }
  }

  /** A constant from the weights, turned into an initializer when an ONNX node reads it. */
  record Constant(String name, Tensor tensor) implements Value {
    @Override
    public int[] shape() {
      return tensor.shape();
    }
  }

  /**
   * Zero padding of the spatial axes of {@code source}, folded into a convolution if one reads it.
   */
  record Padded(String name, Dynamic source, Padding.Pad top, Padding.Pad left, int[] shape)
      implements Value {}

  /**
   * A convolution in NCHW with its weights in ONNX layout, so that a per-channel {@code Mul} or
   * {@code Add} that follows can fold into its weights and bias.
   *
   * @param input the NCHW ONNX value it reads
   * @param weights {@code [out, in / group, kh, kw]}, row-major
   * @param pads ONNX order: top, left, bottom, right
   */
  record Conv(
      String name,
      String input,
      float[] weights,
      int[] weightShape,
      float[] bias,
      long[] strides,
      long[] pads,
      long[] dilations,
      int group,
      int[] shape)
      implements Value {

    /** This convolution followed by multiplying output channel {@code o} by {@code scale[o]}. */
    Conv scaled(String newName, float[] scale) {
      float[] w = weights.clone();
      float[] b = bias.clone();
      int per = w.length / b.length;
      for (int o = 0; o < b.length; o++) {
        for (int k = 0; k < per; k++) {
          w[o * per + k] *= scale[o];
        }
        b[o] *= scale[o];
      }
      return new Conv(newName, input, w, weightShape, b, strides, pads, dilations, group, shape);
    }

    /** This convolution followed by adding {@code offset[o]} to output channel {@code o}. */
    Conv offset(String newName, float[] offset) {
      float[] b = bias.clone();
      for (int o = 0; o < b.length; o++) {
        b[o] += offset[o];
      }
      return new Conv(
          newName, input, weights, weightShape, b, strides, pads, dilations, group, shape);
    }
  }

  /**
   * {@code min(max(base, lo), hi)}: a Relu, Relu6 or a clip by scalar {@code Minimum}/{@code
   * Maximum}, kept lazy so that chains of them become one ONNX node.
   */
  record Clip(String name, Value base, float lo, float hi) implements Value {
    public Clip {
      if (!(base instanceof Dynamic || base instanceof Conv)) {
        throw new IllegalArgumentException("a clip applies to a graph value or a convolution");
      }
      if (!(lo <= hi)) {
        throw new IllegalArgumentException("empty clip range [" + lo + ", " + hi + "]");
      }
    }

    @Override
    public int[] shape() {
      return base.shape();
    }
  }
}
