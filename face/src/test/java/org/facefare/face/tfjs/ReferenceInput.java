package org.facefare.face.tfjs;

/**
 * The deterministic input that {@code tools/tfjs-reference/graph-reference.mjs} feeds a model,
 * computed the same way: a 32-bit LCG, its top 24 bits as an exact float in [0, 1), scaled to
 * {@code [lo, hi)} in double precision and rounded once to float32.
 */
final class ReferenceInput {

  private ReferenceInput() {}

  static float[] of(int size, int seed, double lo, double hi) {
    float[] x = new float[size];
    int s = seed;
    for (int k = 0; k < size; k++) {
      s = 1664525 * s + 1013904223;
      x[k] = (float) (lo + (hi - lo) * ((s >>> 8) / 16777216.0));
    }
    return x;
  }
}
