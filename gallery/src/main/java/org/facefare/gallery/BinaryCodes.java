package org.facefare.gallery;

/**
 * The approximate first stage's codes: one bit a dimension, set where the template exceeds the
 * model's mean embedding, compared by Hamming distance.
 *
 * <p>Centring first is what makes one bit a dimension work for real embedders: the face-api
 * ResNet's templates share a strong mean direction (impostor cosines around 0.9), so the sign of a
 * raw component carries little about identity, while the sign of the residual splits genuine from
 * impostor pairs by their angle, as random-hyperplane hashing does (Charikar, "Similarity
 * estimation techniques from rounding algorithms", STOC 2002). The codes only choose which
 * templates are re-ranked: every decision score is an exact cosine.
 */
final class BinaryCodes {

  private final float[] centre;
  private final int words;

  BinaryCodes(float[] centre) {
    this.centre = centre.clone();
    this.words = (centre.length + 63) >>> 6;
  }

  int words() {
    return words;
  }

  /** Writes the code of a vector to {@code out[off..off+words)}. */
  void encode(float[] v, long[] out, int off) {
    for (int w = 0; w < words; w++) {
      long bits = 0;
      int base = w << 6;
      int end = Math.min(v.length, base + 64);
      for (int i = base; i < end; i++) {
        if (v[i] > centre[i]) {
          bits |= 1L << (i - base);
        }
      }
      out[off + w] = bits;
    }
  }

  /** The code of a vector. */
  long[] encode(float[] v) {
    long[] c = new long[words];
    encode(v, c, 0);
    return c;
  }

  /**
   * Offers {@code n} codes of {@code codes} starting at slot offset {@code off} (global slot {@code
   * slot0}) to the heap, keyed {@code distance << 32 | slot}.
   */
  void scan(long[] probe, long[] codes, int off, int n, int slot0, BoundedHeap heap) {
    if (words == 2) {
      long p0 = probe[0];
      long p1 = probe[1];
      int limit = heap.limit();
      for (int i = 0; i < n; i++) {
        int j = (off + i) << 1;
        int d = Long.bitCount(codes[j] ^ p0) + Long.bitCount(codes[j + 1] ^ p1);
        if (d < limit) {
          limit = heap.offer(((long) d << 32) | (slot0 + i));
        }
      }
      return;
    }
    int limit = heap.limit();
    for (int i = 0; i < n; i++) {
      int j = (off + i) * words;
      int d = 0;
      for (int w = 0; w < words; w++) {
        d += Long.bitCount(codes[j + w] ^ probe[w]);
      }
      if (d < limit) {
        limit = heap.offer(((long) d << 32) | (slot0 + i));
      }
    }
  }
}
