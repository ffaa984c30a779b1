package org.facefare.face.tfjs;

/**
 * Plain-loop NHWC reference implementations of the ops of the hand-made test graphs, written from
 * TensorFlow's definitions and independent of the importer; values in double precision.
 */
final class NaiveNhwc {

  private NaiveNhwc() {}

  /** A tensor: row-major values and shape. */
  record T(double[] v, int... shape) {
    int size() {
      return v.length;
    }
  }

  static T of(float[] v, int... shape) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return new T(d, shape);
  }

  /**
   * Convolution of {@code x [n, h, w, c]} with {@code f [kh, kw, c, m]}: a plain one ({@code m}
   * outputs) or, if {@code depthwise}, {@code c * m} outputs where output {@code ci * m + k} sees
   * only input channel {@code ci}. Cells outside the input (after {@code top}/{@code left} padding)
   * are zero.
   */
  static T conv(
      T x,
      T f,
      int stride,
      int dilation,
      int top,
      int left,
      int outH,
      int outW,
      boolean depthwise) {
    int n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
    int kh = f.shape[0], kw = f.shape[1], m = f.shape[3];
    int outC = depthwise ? c * m : m;
    double[] y = new double[n * outH * outW * outC];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++) {
          for (int oc = 0; oc < outC; oc++) {
            double sum = 0;
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * stride + ky * dilation - top;
                int ix = ox * stride + kx * dilation - left;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                if (depthwise) {
                  int ci = oc / m;
                  sum +=
                      x.v[((b * h + iy) * w + ix) * c + ci]
                          * f.v[((ky * kw + kx) * c + ci) * m + oc % m];
                } else {
                  for (int ci = 0; ci < c; ci++) {
                    sum +=
                        x.v[((b * h + iy) * w + ix) * c + ci]
                            * f.v[((ky * kw + kx) * c + ci) * m + oc];
                  }
                }
              }
            }
            y[((b * outH + oy) * outW + ox) * outC + oc] = sum;
          }
        }
      }
    }
    return new T(y, n, outH, outW, outC);
  }

  /** {@code x * mul[c] + add[c]} for every value of channel {@code c}. */
  static T channelAffine(T x, double[] mul, double[] add) {
    int c = x.shape[x.shape.length - 1];
    double[] y = x.v.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] * mul[i % c] + add[i % c];
    }
    return new T(y, x.shape);
  }

  static T clip(T x, double lo, double hi) {
    double[] y = x.v.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.min(Math.max(y[i], lo), hi);
    }
    return new T(y, x.shape);
  }

  static T prelu(T x, double[] alpha) {
    int c = x.shape[x.shape.length - 1];
    double[] y = x.v.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] < 0 ? alpha[i % c] * y[i] : y[i];
    }
    return new T(y, x.shape);
  }

  /** Max pooling; padded cells never win. */
  static T maxPool(T x, int k, int stride, int top, int left, int outH, int outW) {
    int n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
    double[] y = new double[n * outH * outW * c];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++) {
          for (int ci = 0; ci < c; ci++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * stride + ky - top;
                int ix = ox * stride + kx - left;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  max = Math.max(max, x.v[((b * h + iy) * w + ix) * c + ci]);
                }
              }
            }
            y[((b * outH + oy) * outW + ox) * c + ci] = max;
          }
        }
      }
    }
    return new T(y, n, outH, outW, c);
  }

  /** The mean over H and W of an NHWC tensor: {@code [n, c]}. */
  static T spatialMean(T x) {
    int n = x.shape[0], hw = x.shape[1] * x.shape[2], c = x.shape[3];
    double[] y = new double[n * c];
    for (int i = 0; i < x.v.length; i++) {
      y[(i / (hw * c)) * c + i % c] += x.v[i] / hw;
    }
    return new T(y, n, c);
  }

  /** {@code a [n, k]} times {@code b [k, m]} plus {@code bias [m]}. */
  static T matMul(T a, T b, double[] bias) {
    int n = a.shape[0], k = a.shape[1], m = b.shape[1];
    double[] y = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = bias[j];
        for (int t = 0; t < k; t++) {
          s += a.v[i * k + t] * b.v[t * m + j];
        }
        y[i * m + j] = s;
      }
    }
    return new T(y, n, m);
  }

  /** Softmax over the last axis. */
  static T softmax(T x) {
    int c = x.shape[x.shape.length - 1];
    double[] y = new double[x.v.length];
    for (int r = 0; r < y.length / c; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < c; i++) {
        max = Math.max(max, x.v[r * c + i]);
      }
      double sum = 0;
      for (int i = 0; i < c; i++) {
        y[r * c + i] = Math.exp(x.v[r * c + i] - max);
        sum += y[r * c + i];
      }
      for (int i = 0; i < c; i++) {
        y[r * c + i] /= sum;
      }
    }
    return new T(y, x.shape);
  }
}
