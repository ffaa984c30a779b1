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
  public String name() {
    return "scalar";
  }
}
