package org.facefare.gallery;

import java.util.List;
import java.util.Random;
import org.facefare.face.Template;

/**
 * Synthetic templates shaped like the default embedder's: a shared mean direction plus an identity
 * part (isotropic, or in a random {@code k}-dimensional subspace as the bench's generator makes it)
 * plus per-capture noise (a simpler cousin of the bench's generator).
 */
final class Synth {
  final int dim;
  final float[] centre;
  final double sb;
  final double sw;
  private final Random rnd;
  private final float[][] basis;

  Synth(int dim, long seed) {
    this(dim, seed, 0, 1);
  }

  /**
   * Identities in a random {@code k}-dimensional subspace ({@code k = 0}: isotropic), capture noise
   * scaled by {@code noise}.
   */
  Synth(int dim, long seed, int k, double noise) {
    this.dim = dim;
    this.rnd = new Random(seed);
    this.centre = new float[dim];
    for (int i = 0; i < dim; i++) {
      centre[i] = (float) (0.9 / Math.sqrt(dim) * (1 + 0.3 * rnd.nextGaussian()));
    }
    // raw impostor cosine about 0.84 and genuine about 0.96 at any dimension, as measured
    this.sb = 0.03 * Math.sqrt(128.0 / dim);
    this.sw = noise * 0.0175 * Math.sqrt(128.0 / dim);
    this.basis = new float[k][dim];
    for (float[] b : basis) {
      for (int i = 0; i < dim; i++) {
        b[i] = (float) (rnd.nextGaussian() / Math.sqrt(dim));
      }
    }
  }

  ModelProfile profile(String model, DecisionRule rule) {
    return ModelProfile.of(model, dim, rule).withCentre(centre);
  }

  float[] identity() {
    float[] c = new float[dim];
    if (basis.length == 0) {
      for (int i = 0; i < dim; i++) {
        c[i] = (float) (sb * rnd.nextGaussian());
      }
      return c;
    }
    // the same identity spread as the isotropic case: sb² per dimension in all
    double z = sb * Math.sqrt(dim / (double) basis.length);
    for (float[] b : basis) {
      float w = (float) (z * rnd.nextGaussian());
      for (int i = 0; i < dim; i++) {
        c[i] += w * b[i];
      }
    }
    return c;
  }

  Template capture(String model, float[] identity) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = centre[i] + identity[i] + (float) (sw * rnd.nextGaussian());
    }
    return Template.of(model, v);
  }

  List<Template> one(String model, float[] identity) {
    return List.of(capture(model, identity));
  }
}
