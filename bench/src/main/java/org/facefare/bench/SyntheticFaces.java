package org.facefare.bench;

import java.util.SplittableRandom;

/**
 * Synthetic face templates shaped like the default embedder's real ones: a shared mean direction
 * (the model's measured centre), an identity part in a {@code k}-dimensional random subspace, and
 * per-capture noise whose scale varies log-normally from capture to capture.
 *
 * <p>The defaults ({@code k = 24}, identity scale 0.07, noise scale 0.0175, log-normal spread 0.3)
 * were fitted by {@code bench/src/main/python/fit_synthetic.py} to the faceapi-resnet templates of
 * the 2,704 usable images of att, celeb-thumbs and yaleb: real genuine cosine 0.949 ± 0.026,
 * impostor 0.841 ± 0.039; synthetic 0.953 ± 0.022 and 0.838 ± 0.039. The bench re-measures both on
 * every run and records them. Identity {@code i} is a pure function of the seed and {@code i}, so
 * probes of any identity can be made without keeping the gallery's vectors.
 */
final class SyntheticFaces {

  static final int K = 24;
  static final double IDENTITY_SCALE = 0.07;
  static final double NOISE_SCALE = 0.0175;
  static final double NOISE_SPREAD = 0.3;

  private final int dim;
  private final float[] centre;
  private final float[][] basis;
  private final double noise;
  private final long seed;

  SyntheticFaces(float[] centre, long seed) {
    this.dim = centre.length;
    this.centre = centre.clone();
    this.seed = seed;
    this.noise = NOISE_SCALE * Math.sqrt(128.0 / dim);
    SplittableRandom r = new SplittableRandom(seed);
    basis = new float[K][dim];
    for (int j = 0; j < K; j++) {
      double[] v = new double[dim];
      for (int i = 0; i < dim; i++) {
        v[i] = r.nextGaussian();
      }
      for (int p = 0; p < j; p++) {
        double dot = 0;
        for (int i = 0; i < dim; i++) {
          dot += v[i] * basis[p][i];
        }
        for (int i = 0; i < dim; i++) {
          v[i] -= dot * basis[p][i];
        }
      }
      double n = 0;
      for (double x : v) {
        n += x * x;
      }
      n = Math.sqrt(n);
      for (int i = 0; i < dim; i++) {
        basis[j][i] = (float) (v[i] / n);
      }
    }
  }

  /** A centre for a model without a measured one: a random direction of the measured length. */
  static float[] randomCentre(int dim, double length, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    float[] c = new float[dim];
    double n = 0;
    for (int i = 0; i < dim; i++) {
      c[i] = (float) r.nextGaussian();
      n += c[i] * c[i];
    }
    for (int i = 0; i < dim; i++) {
      c[i] *= (float) (length / Math.sqrt(n));
    }
    return c;
  }

  /** The identity part of identity {@code i}. */
  float[] identity(long i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    float[] c = new float[dim];
    for (int j = 0; j < K; j++) {
      float z = (float) (IDENTITY_SCALE * r.nextGaussian());
      float[] b = basis[j];
      for (int x = 0; x < dim; x++) {
        c[x] += z * b[x];
      }
    }
    return c;
  }

  /** One capture of an identity: raw, not yet normalised. */
  float[] capture(float[] identity, SplittableRandom r) {
    double s = noise * Math.exp(NOISE_SPREAD * r.nextGaussian());
    float[] v = new float[dim];
    for (int x = 0; x < dim; x++) {
      v[x] = centre[x] + identity[x] + (float) (s * r.nextGaussian());
    }
    return v;
  }
}
