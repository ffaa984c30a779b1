package org.facefare.gallery;

import java.util.Arrays;

/**
 * The {@code k} smallest of the longs offered; a search keys its entries {@code distance << 32 |
 * slot} so that ties break by slot.
 *
 * <p>Not a binary heap, which it replaced: a heap pays a sift of log k levels for every offer that
 * enters, and a first stage offers thousands of candidates a probe (a 1-bit code scan enters a few
 * thousand of its 15,000 candidates at k = 1,024; the authority's profile at 1M riders had the sift
 * as the gallery's largest single cost). Offers that may enter are appended to a buffer of 2k
 * instead; when it fills, the k smallest are kept and the cut set below which a later offer must
 * fall: by a histogram of the distances when they span few values (one counting pass, then a
 * selection among the ties at the cut only), else by a quickselect (Hoare, CACM 1961; median of
 * three pivots, a sort once it recurses too deep, as in Musser's introselect), which is branchy and
 * no faster than a sort on this hardware. Each offer then costs O(1) amortised. The cut tightens
 * only at a compaction, so callers that skip offers at or above {@link #limit()} skip somewhat
 * fewer than with a heap; the result is the same set.
 */
final class SmallestKeys {

  private final int k;
  private final long[] buffer;
  private long[] scratch;
  private int size;

  /** The most distinct distances a histogram compaction counts. */
  private static final int MAX_SPAN = 4_096;

  /** Keys at or above the cut cannot be among the k smallest (the k-th smallest kept so far). */
  private long cut = Long.MAX_VALUE;

  SmallestKeys(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    this.k = k;
    this.buffer = new long[Math.max(2 * k, k + 16)];
  }

  /**
   * The distance (the key's upper 32 bits) from which an offer cannot enter; callers skip most
   * offers without a call. Callers that offer slots in ascending order lose nothing by skipping a
   * tie with it; others may skip a tie, which only changes which of equally distant candidates are
   * kept.
   */
  int limit() {
    return (int) (cut >>> 32);
  }

  /** Offers a key and returns the new {@link #limit()}. */
  int offer(long key) {
    if (key < cut) {
      buffer[size++] = key;
      if (size == buffer.length) {
        compact();
      }
    }
    return limit();
  }

  /** The kept keys, in no particular order. */
  long[] toArray() {
    if (size > k) {
      compact();
    }
    return Arrays.copyOf(buffer, size);
  }

  /** Keeps the k smallest buffered keys in {@code buffer[0, k)} and sets the cut. */
  private void compact() {
    if (!compactByDistance()) {
      select(buffer, size, k - 1);
    }
    size = k;
    long max = buffer[0];
    for (int i = 1; i < k; i++) {
      max = Math.max(max, buffer[i]);
    }
    cut = max;
  }

  /**
   * Compacts by a histogram of the keys' distances when they span few values (the Hamming distances
   * of binary codes span at most 129): keys below the distance where the count reaches k are kept
   * in one pass, and only the ties at that distance are selected among. Returns false, doing
   * nothing, when the distances span too many values.
   */
  private boolean compactByDistance() {
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      int d = (int) (buffer[i] >> 32);
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    if ((long) hi - lo >= MAX_SPAN) {
      return false;
    }
    int[] counts = new int[hi - lo + 1];
    for (int i = 0; i < size; i++) {
      counts[(int) (buffer[i] >> 32) - lo]++;
    }
    int below = 0;
    int at = 0;
    while (below + counts[at] < k) {
      below += counts[at++];
    }
    int cutDistance = lo + at;
    if (scratch == null) {
      scratch = new long[buffer.length];
    }
    int kept = 0;
    int ties = below;
    for (int i = 0; i < size; i++) {
      long key = buffer[i];
      int d = (int) (key >> 32);
      if (d < cutDistance) {
        buffer[kept++] = key; // kept <= i: nothing unread is overwritten
      } else if (d == cutDistance) {
        scratch[ties++ - below] = key;
      }
    }
    select(scratch, ties - below, k - below - 1);
    System.arraycopy(scratch, 0, buffer, below, k - below);
    return true;
  }

  /**
   * Reorders {@code a[0, n)} so that {@code a[nth]} is the value it would have in sorted order,
   * with no larger value before it and no smaller one after it.
   */
  static void select(long[] a, int n, int nth) {
    int lo = 0;
    int hi = n - 1;
    int depth = 2 * (32 - Integer.numberOfLeadingZeros(n));
    while (hi > lo) {
      if (depth-- == 0) {
        Arrays.sort(a, lo, hi + 1);
        return;
      }
      int mid = (lo + hi) >>> 1;
      long pivot = medianOfThree(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (nth <= j) {
        hi = j;
      } else if (nth >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static long medianOfThree(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
