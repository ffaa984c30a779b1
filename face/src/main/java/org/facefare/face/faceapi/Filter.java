package org.facefare.face.faceapi;

/**
 * Convolution weights in ONNX's OIHW layout ({@code [out, in / group, kh, kw]}), converted once at
 * import from TensorFlow's HWIO layout ({@code [kh, kw, in, out]}; depthwise {@code [kh, kw, c,
 * 1]}).
 *
 * @param oihw the weights
 * @param out output channels
 * @param inPerGroup input channels each output sees: all of them, or 1 for a depthwise filter
 * @param kh kernel height
 * @param kw kernel width
 * @param depthwise whether each channel is filtered on its own (ONNX group = channels)
 */
record Filter(float[] oihw, int out, int inPerGroup, int kh, int kw, boolean depthwise) {

  /** A full convolution's filter from HWIO weights of {@code shape} {@code [kh, kw, in, out]}. */
  static Filter hwio(float[] hwio, int[] shape) {
    int kh = shape[0];
    int kw = shape[1];
    int in = shape[2];
    int out = shape[3];
    float[] oihw = new float[hwio.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + y) * kw + x] = hwio[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return new Filter(oihw, out, in, kh, kw, false);
  }

  /**
   * A depthwise filter from weights of {@code shape} {@code [kh, kw, c, 1]}: the HWIO-to-OIHW
   * transpose with one output, whose layout {@code [1, c, kh, kw]} is ONNX's {@code [c, 1, kh,
   * kw]}.
   */
  static Filter depthwise(float[] hwc1, int[] shape) {
    Filter f = hwio(hwc1, shape);
    return new Filter(f.oihw, shape[2], 1, shape[0], shape[1], true);
  }

  /**
   * This filter with each output channel {@code o} multiplied by {@code scale[o]} (in double, one
   * rounding): a per-channel scale that follows the convolution, folded into it.
   */
  Filter scaled(double[] scale) {
    if (scale.length != out) {
      throw new IllegalArgumentException(scale.length + " scales for " + out + " outputs");
    }
    int per = oihw.length / out;
    float[] s = new float[oihw.length];
    for (int i = 0; i < oihw.length; i++) {
      s[i] = (float) (oihw[i] * scale[i / per]);
    }
    return new Filter(s, out, inPerGroup, kh, kw, depthwise);
  }
}
