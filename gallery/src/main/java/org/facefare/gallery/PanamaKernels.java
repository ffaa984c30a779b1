package org.facefare.gallery;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gallery's dot products on the JDK Vector API: float32 by fused multiply-add in the preferred
 * species; float by int8 by widening 8 bytes to 8 floats per step, the widening scheme of Lucene's
 * {@code PanamaVectorUtilSupport}.
 */
final class PanamaKernels implements VectorKernels {

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_64;
  private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;

  @Override
  public float dot(float[] a, float[] b, int offset, int n) {
    int i = 0;
    FloatVector acc = FloatVector.zero(F);
    int bound = F.loopBound(n);
    for (; i < bound; i += F.length()) {
      acc = FloatVector.fromArray(F, a, i).fma(FloatVector.fromArray(F, b, offset + i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[i] * b[offset + i];
    }
    return s;
  }

  @Override
  public float dot(float[] a, byte[] b, int offset, int n) {
    int i = 0;
    FloatVector acc = FloatVector.zero(F256);
    int bound = B64.loopBound(n);
    for (; i < bound; i += B64.length()) {
      FloatVector vb = (FloatVector) ByteVector.fromArray(B64, b, offset + i).castShape(F256, 0);
      acc = FloatVector.fromArray(F256, a, i).fma(vb, acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[i] * b[offset + i];
    }
    return s;
  }

  @Override
  public String name() {
    return "vector-api " + F.vectorBitSize() + "-bit";
  }
}
