package org.facefare.gallery;

/** The plain-Java reference implementation of the gallery's dot products. */
final class ScalarKernels implements VectorKernels {

  @Override
  public float dot(float[] a, float[] b, int offset, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * b[offset + i];
    }
    return s;
  }

  @Override
  public float dot(float[] a, byte[] b, int offset, int n) {
    float s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * b[offset + i];
    }
    return s;
  }

  @Override
  public void dotBlocks(float[] a, float[] m, int blocks, int dim, float[] out) {
    for (int b = 0; b < blocks; b++) {
      for (int l = 0; l < BLOCK; l++) {
        float s = 0;
        for (int d = 0; d < dim; d++) {
          s += a[d] * m[(b * dim + d) * BLOCK + l];
        }
        out[b * BLOCK + l] = s;
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
