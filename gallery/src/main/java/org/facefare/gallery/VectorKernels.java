package org.facefare.gallery;

/**
 * The dot products the gallery's exact scan and re-rank run on: a float32 probe by a float32 or an
 * int8 stored template, over {@code n} components of {@code b} starting at {@code offset}.
 *
 * <p>Two implementations: {@link PanamaKernels} on the JDK Vector API and {@link ScalarKernels},
 * the plain reference; {@link #best()} picks the first when {@code jdk.incubator.vector} is in the
 * boot layer and the scalar one otherwise (as Lucene's {@code VectorizationProvider} does), and a
 * differential test checks them against each other.
 */
interface VectorKernels {

  /** The dot product of {@code a[0..n)} and {@code b[offset..offset+n)}. */
  float dot(float[] a, float[] b, int offset, int n);

  /** The dot product of float {@code a[0..n)} and bytes {@code b[offset..offset+n)}. */
  float dot(float[] a, byte[] b, int offset, int n);

  /** How many vectors a block of {@link #dotBlocks} interleaves. */
  int BLOCK = 8;

  /**
   * The dot products of {@code a[0..dim)} with {@code blocks × BLOCK} vectors stored interleaved:
   * component {@code d} of vector {@code b × BLOCK + l} is {@code m[(b × dim + d) × BLOCK + l]};
   * writes them to {@code out[0..blocks × BLOCK)}.
   */
  void dotBlocks(float[] a, float[] m, int blocks, int dim, float[] out);

  /** A short name for reports. */
  String name();

  /** The fastest implementation this JVM runs. */
  static VectorKernels best() {
    return Holder.BEST;
  }

  /** Holds the choice made once at start-up. */
  final class Holder {
    static final VectorKernels BEST = choose();

    private Holder() {}

    private static VectorKernels choose() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return new ScalarKernels();
      }
      try {
        return new PanamaKernels();
      } catch (LinkageError e) {
        return new ScalarKernels();
      }
    }
  }
}
