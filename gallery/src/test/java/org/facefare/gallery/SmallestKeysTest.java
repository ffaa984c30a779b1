package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SmallestKeysTest {

  @Property(tries = 400)
  void keepsExactlyTheKSmallestKeysOfAnyStream(
      @ForAll @IntRange(min = 1, max = 300) int k,
      @ForAll @IntRange(min = 0, max = 5_000) int n,
      @ForAll @IntRange(min = 0, max = 200) int distances,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[n];
    SmallestKeys heap = new SmallestKeys(k);
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
    SmallestKeys heap = new SmallestKeys(k);
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

  private static void assertKeptTheSmallest(SmallestKeys heap, long[] keys, int k) {
    long[] kept = heap.toArray();
    Arrays.sort(kept);
    assertThat(kept)
        .containsExactly(
            Arrays.copyOf(LongStream.of(keys).sorted().toArray(), Math.min(k, keys.length)));
  }

  @Property(tries = 300)
  void selectPutsTheNthValueInPlaceWithNothingOutOfSide(
      @ForAll @IntRange(min = 1, max = 2_000) int n, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int spread = 1 + random.nextInt(n * 2);
    long[] a = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextInt(spread) - spread / 2;
    }
    int nth = random.nextInt(n);
    long[] sorted = a.clone();
    Arrays.sort(sorted);

    SmallestKeys.select(a, n, nth);

    assertThat(a[nth]).isEqualTo(sorted[nth]);
    for (int i = 0; i < nth; i++) {
      assertThat(a[i]).isLessThanOrEqualTo(a[nth]);
    }
    for (int i = nth + 1; i < n; i++) {
      assertThat(a[i]).isGreaterThanOrEqualTo(a[nth]);
    }
  }

  @Test
  void sortedAndReversedAndConstantInputsSelectToo() {
    for (long[] a :
        new long[][] {
          LongStream.range(0, 10_000).toArray(),
          LongStream.range(0, 10_000).map(i -> 10_000 - i).toArray(),
          new long[10_000]
        }) {
      long[] sorted = a.clone();
      Arrays.sort(sorted);
      SmallestKeys.select(a, a.length, 1_023);
      assertThat(a[1_023]).isEqualTo(sorted[1_023]);
    }
  }

  @Test
  void theLimitIsOpenUntilTheBufferFirstFillsAndKMustBePositive() {
    SmallestKeys heap = new SmallestKeys(4);
    assertThat(heap.limit()).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> new SmallestKeys(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
