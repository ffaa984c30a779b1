package org.facefare.gallery;

import java.util.List;
import java.util.Random;
import org.facefare.face.Template;

/**
 * Synthetic templates shaped like the default embedder's: a shared mean direction plus an isotropic
 * identity part plus per-capture noise (a simpler cousin of the bench's generator).
 */
final class Synth {
  final int dim;
  final float[] centre;
  final double sb;
  final double sw;
  private final Random rnd;

  Synth(int dim, long seed) {
    this.dim = dim;
    this.rnd = new Random(seed);
    this.centre = new float[dim];
    for (int i = 0; i < dim; i++) {
      centre[i] = (float) (0.9 / Math.sqrt(dim) * (1 + 0.3 * rnd.nextGaussian()));
    }
    // raw impostor cosine about 0.84 and genuine about 0.96 at any dimension, as measured
    this.sb = 0.03 * Math.sqrt(128.0 / dim);
    this.sw = 0.0175 * Math.sqrt(128.0 / dim);
  }

  ModelProfile profile(String model, DecisionRule rule) {
    return ModelProfile.of(model, dim, rule).withCentre(centre);
  }

  float[] identity() {
    float[] c = new float[dim];
    for (int i = 0; i < dim; i++) {
      c[i] = (float) (sb * rnd.nextGaussian());
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
