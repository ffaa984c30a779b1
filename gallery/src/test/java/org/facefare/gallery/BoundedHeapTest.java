package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class BoundedHeapTest {

  @Property(tries = 400)
  void keepsExactlyTheKSmallestKeysOfAnyStream(
      @ForAll @IntRange(min = 1, max = 300) int k,
      @ForAll @IntRange(min = 0, max = 5_000) int n,
      @ForAll @IntRange(min = 0, max = 200) int distances,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[n];
    BoundedHeap heap = new BoundedHeap(k);
    for (int slot = 0; slot < n; slot++) {
      // Few distinct distances, as Hamming distances of 1-bit codes are (many ties); or, with 0,
      // any int, negative ones too, as the ordered bits of the nearest lists' float scores are.
      int d = distances == 0 ? random.nextInt() : random.nextInt(distances);
      keys[slot] = ((long) d << 32) | slot;
      heap.offer(keys[slot]);
    }

    assertKeptTheSmallest(heap, keys, k);
  }

  @Property(tries = 200)
  void callersThatSkipOffersAtTheLimitStillGetTheKSmallestWhenSlotsAscend(
      @ForAll @IntRange(min = 1, max = 100) int k,
      @ForAll @IntRange(min = 0, max = 3_000) int n,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[n];
    BoundedHeap heap = new BoundedHeap(k);
    int limit = heap.limit();
    for (int slot = 0; slot < n; slot++) {
      int d = random.nextInt(129);
      keys[slot] = ((long) d << 32) | slot;
      if (d < limit) {
        limit = heap.offer(keys[slot]);
      }
    }

    assertKeptTheSmallest(heap, keys, k);
  }

  private static void assertKeptTheSmallest(BoundedHeap heap, long[] keys, int k) {
    long[] kept = heap.toArray();
    Arrays.sort(kept);
    assertThat(kept)
        .containsExactly(
            Arrays.copyOf(LongStream.of(keys).sorted().toArray(), Math.min(k, keys.length)));
  }
}
