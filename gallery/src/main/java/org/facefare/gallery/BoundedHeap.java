package org.facefare.gallery;

/**
 * The {@code k} smallest of the longs offered, as a binary max-heap; a search keys its entries
 * {@code distance << 32 | slot} so that ties break by slot.
 */
final class BoundedHeap {

  private final long[] heap;
  private int size;

  BoundedHeap(int k) {
    heap = new long[k];
  }

  /**
   * The distance below which an offer can enter once the heap is full (the largest kept: callers
   * offer slots in ascending order, so a tie with it cannot enter), so callers skip most offers
   * without a call.
   */
  int limit() {
    return size < heap.length ? Integer.MAX_VALUE : (int) (heap[0] >>> 32);
  }

  /** Offers a key and returns the new {@link #limit()}. */
  int offer(long key) {
    if (size < heap.length) {
      int i = size++;
      heap[i] = key;
      while (i > 0) {
        int p = (i - 1) >>> 1;
        if (heap[p] >= heap[i]) {
          break;
        }
        long t = heap[p];
        heap[p] = heap[i];
        heap[i] = t;
        i = p;
      }
    } else if (key < heap[0]) {
      heap[0] = key;
      int i = 0;
      while (true) {
        int l = 2 * i + 1;
        if (l >= size) {
          break;
        }
        int m = l + 1 < size && heap[l + 1] > heap[l] ? l + 1 : l;
        if (heap[i] >= heap[m]) {
          break;
        }
        long t = heap[m];
        heap[m] = heap[i];
        heap[i] = t;
        i = m;
      }
    }
    return limit();
  }

  /** The kept keys, in no particular order. */
  long[] toArray() {
    return java.util.Arrays.copyOf(heap, size);
  }
}
