package org.facefare.gallery;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gallery's dot products on the JDK Vector API: float32 by fused multiply-add in the preferred
 * species; float by int8 by widening 16 bytes to 16 floats per step on 512-bit hardware (8 to 8
 * elsewhere), the widening scheme of Lucene's {@code PanamaVectorUtilSupport}.
 */
final class PanamaKernels implements VectorKernels {

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** Floats a widened byte step fills: 16 where the preferred species is 512 bits, else 8. */
  private static final VectorSpecies<Float> FW =
      F.length() >= 16 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;

  private static final VectorSpecies<Byte> BW =
      FW.length() == 16 ? ByteVector.SPECIES_128 : ByteVector.SPECIES_64;

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
    FloatVector acc = FloatVector.zero(FW);
    int bound = BW.loopBound(n);
    for (; i < bound; i += BW.length()) {
      FloatVector vb = (FloatVector) ByteVector.fromArray(BW, b, offset + i).castShape(FW, 0);
      acc = FloatVector.fromArray(FW, a, i).fma(vb, acc);
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
