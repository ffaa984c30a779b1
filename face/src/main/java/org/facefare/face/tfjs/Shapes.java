package org.facefare.face.tfjs;

import java.util.Arrays;

/** Static-shape arithmetic shared by the op converters. */
final class Shapes {

  /** TensorFlow (NHWC) axis {@code i} of a rank-4 tensor is NCHW axis {@code AXIS_IN_NCHW[i]}. */
  static final int[] AXIS_IN_NCHW = {0, 2, 3, 1};

  /** NCHW axis {@code i} is NHWC axis {@code NCHW_PERM[i]}, as {@link #permute} wants it. */
  static final int[] NCHW_PERM = {0, 3, 1, 2};

  /** The NCHW permutation of an NHWC tensor, as an ONNX {@code Transpose} perm. */
  static final long[] NHWC_TO_NCHW = {0, 3, 1, 2};

  /** The NHWC permutation of an NCHW tensor, as an ONNX {@code Transpose} perm. */
  static final long[] NCHW_TO_NHWC = {0, 2, 3, 1};

  private Shapes() {}

  static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
      }
    }
    return (int) n;
  }

  static long[] toLongs(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** The NumPy-style broadcast of two shapes, or {@code null} when they do not broadcast. */
  static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** The shape left-padded with ones to {@code rank} dimensions. */
  static int[] padLeft(int[] shape, int rank) {
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
    return out;
  }

  /** The NCHW form of an NHWC shape. */
  static int[] nchw(int[] nhwc) {
    return new int[] {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
  }

  /**
   * Transposes a row-major rank-4 array: output axis {@code i} is input axis {@code perm[i]}.
   *
   * @return the permuted data; {@code shape} is the input's shape
   */
  static float[] permute(float[] data, int[] shape, int[] perm) {
    int[] outShape = new int[4];
    for (int i = 0; i < 4; i++) {
      outShape[i] = shape[perm[i]];
    }
    int[] inStride = {shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1};
    float[] out = new float[data.length];
    int o = 0;
    int[] idx = new int[4];
    for (idx[0] = 0; idx[0] < outShape[0]; idx[0]++) {
      for (idx[1] = 0; idx[1] < outShape[1]; idx[1]++) {
        for (idx[2] = 0; idx[2] < outShape[2]; idx[2]++) {
          for (idx[3] = 0; idx[3] < outShape[3]; idx[3]++) {
            int src = 0;
            for (int i = 0; i < 4; i++) {
              src += idx[i] * inStride[perm[i]];
            }
            out[o++] = data[src];
          }
        }
      }
    }
    return out;
  }
}
