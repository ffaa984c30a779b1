package org.facefare.face.tfjs;

/** TensorFlow's padding rules for one spatial axis of a convolution or pooling window. */
final class Padding {

  private Padding() {}

  /** Zeros (or ignored cells, for pooling) added before and after one spatial axis. */
  record Pad(int before, int after) {
    Pad {
      if (before < 0 || after < 0) {
        throw new IllegalArgumentException("negative padding " + before + ", " + after);
      }
    }

    Pad plus(Pad other) {
      return new Pad(before + other.before, after + other.after);
    }
  }

  /**
   * TensorFlow {@code SAME} padding: the output has {@code ceil(in / stride)} cells and the odd
   * cell of padding, if any, goes after (bottom or right).
   */
  static Pad same(int in, int kernel, int stride, int dilation) {
    check(in, kernel, stride, dilation);
    int out = (in + stride - 1) / stride;
    int effective = (kernel - 1) * dilation + 1;
    int total = Math.max((out - 1) * stride + effective - in, 0);
    return new Pad(total / 2, total - total / 2);
  }

  /** The output size of a window sliding over {@code in} cells already padded by {@code pad}. */
  static int outputSize(int in, Pad pad, int kernel, int stride, int dilation) {
    check(in, kernel, stride, dilation);
    int effective = (kernel - 1) * dilation + 1;
    int padded = in + pad.before() + pad.after();
    if (padded < effective) {
      throw new IllegalArgumentException(
          "window of " + effective + " cells does not fit in " + padded + " cells");
    }
    return (padded - effective) / stride + 1;
  }

  private static void check(int in, int kernel, int stride, int dilation) {
    if (in < 1 || kernel < 1 || stride < 1 || dilation < 1) {
      throw new IllegalArgumentException(
          "bad window: input "
              + in
              + ", kernel "
              + kernel
              + ", stride "
              + stride
              + ", dilation "
              + dilation);
    }
  }
}
