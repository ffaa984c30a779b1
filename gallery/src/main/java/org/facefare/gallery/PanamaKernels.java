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

  /** The species of one interleaved block of {@link #dotBlocks}: {@code BLOCK} floats. */
  private static final VectorSpecies<Float> B8 = FloatVector.SPECIES_256;

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

  /**
   * Four blocks at a time, each in its own accumulator, so that the fused multiply-adds of one
   * block do not wait on each other's latency; every lane is one vector's dot product, so no lane
   * reduction is needed.
   */
  @Override
  public void dotBlocks(float[] a, float[] m, int blocks, int dim, float[] out) {
    int stride = dim * BLOCK;
    int b = 0;
    for (; b + 4 <= blocks; b += 4) {
      int o = b * stride;
      FloatVector s0 = FloatVector.zero(B8);
      FloatVector s1 = FloatVector.zero(B8);
      FloatVector s2 = FloatVector.zero(B8);
      FloatVector s3 = FloatVector.zero(B8);
      for (int d = 0; d < dim; d++) {
        FloatVector x = FloatVector.broadcast(B8, a[d]);
        int i = o + d * BLOCK;
        s0 = FloatVector.fromArray(B8, m, i).fma(x, s0);
        s1 = FloatVector.fromArray(B8, m, i + stride).fma(x, s1);
        s2 = FloatVector.fromArray(B8, m, i + 2 * stride).fma(x, s2);
        s3 = FloatVector.fromArray(B8, m, i + 3 * stride).fma(x, s3);
      }
      s0.intoArray(out, b * BLOCK);
      s1.intoArray(out, (b + 1) * BLOCK);
      s2.intoArray(out, (b + 2) * BLOCK);
      s3.intoArray(out, (b + 3) * BLOCK);
    }
    for (; b < blocks; b++) {
      FloatVector s = FloatVector.zero(B8);
      for (int d = 0; d < dim; d++) {
        s =
            FloatVector.fromArray(B8, m, b * stride + d * BLOCK)
                .fma(FloatVector.broadcast(B8, a[d]), s);
      }
      s.intoArray(out, b * BLOCK);
    }
  }

  @Override
  public String name() {
    return "vector-api " + F.vectorBitSize() + "-bit";
  }
}
