package org.facefare.gallery;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The first stage's inverted partition: two-level k-means centroids over the stored unit vectors
 * and, per leaf centroid, an inverted list of the slots assigned to it with their binary codes
 * stored next to each other, so that a search reads only the lists nearest the probe.
 *
 * <p>Rationale. A one-bit code scan reads 16 bytes of every stored template a probe (160 MB at
 * 10M); an inverted file (Sivic and Zisserman, "Video Google", ICCV 2003; Jégou, Douze and Schmid,
 * "Product quantization for nearest neighbor search", TPAMI 2011, the IVF of FAISS) reads only the
 * {@code probes} lists whose centroids are nearest the probe. The k-means is Euclidean on the raw
 * unit vectors, which is the same as on the centred ones (centring moves every point alike) and
 * ranks as cosine does ({@code |q - x|² = 2 - 2 q·x}). Two levels ({@code top} coarse centroids,
 * each split into {@code per} leaves, as in the hierarchical k-means of Nistér and Stewénius,
 * "Scalable recognition with a vocabulary tree", CVPR 2006) make training and assigning an add cost
 * {@code top + per} dot products instead of {@code top × per}; a probe ranks every leaf exactly.
 * The codes only choose which templates are re-ranked: every decision score is exact, and a slot
 * counts only while its owner is published, so a stale list entry can never name a removed rider.
 *
 * <p>Lists are written by the gallery's one writer and read by searches without locks: each list
 * publishes an immutable-capacity {@link Entries} whose {@code size} is a release store after the
 * entry is written; growing or compacting a list publishes a new copy, and a search keeps the copy
 * it started with.
 */
final class Partition {

  private static final int ITERATIONS = 8;
  private static final int MIN_CAPACITY = 8;

  final int dim;
  final int words;
  final int top;
  final int per;
  private final float[] topCentroids;
  private final float[] topHalfNorms;
  private final float[] leafCentroids;
  private final float[] leafHalfNorms;
  private final InvertedList[] lists;
  private final VectorKernels kernels;

  Partition(
      int dim, int words, int top, int per, float[] topC, float[] leafC, VectorKernels kernels) {
    if (topC.length != top * dim || leafC.length != top * per * dim) {
      throw new IllegalArgumentException("centroid arrays do not match " + top + " x " + per);
    }
    this.dim = dim;
    this.words = words;
    this.top = top;
    this.per = per;
    this.topCentroids = topC;
    this.leafCentroids = leafC;
    this.topHalfNorms = halfNorms(topC, dim);
    this.leafHalfNorms = halfNorms(leafC, dim);
    this.kernels = kernels;
    this.lists = new InvertedList[top * per];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = new InvertedList(words);
    }
  }

  /** The number of leaves (inverted lists) for a requested list count: {@code top × per}. */
  static int[] shape(int lists) {
    int t = (int) Math.ceil(Math.sqrt(lists));
    int p = (lists + t - 1) / t;
    return new int[] {t, p};
  }

  int listCount() {
    return lists.length;
  }

  float[] topCentroids() {
    return topCentroids;
  }

  float[] leafCentroids() {
    return leafCentroids;
  }

  InvertedList list(int i) {
    return lists[i];
  }

  /** Trains the two-level k-means on sample unit vectors. */
  static Partition train(
      float[][] sample, int lists, long seed, int dim, int words, VectorKernels kernels) {
    int[] shape = shape(lists);
    int t = shape[0];
    int p = shape[1];
    SplittableRandom r = new SplittableRandom(seed);
    int[] topOf = new int[sample.length];
    float[] topC = kmeans(sample, t, r, kernels, topOf, dim);
    float[] leafC = new float[t * p * dim];
    int[] counts = new int[t];
    for (int a : topOf) {
      counts[a]++;
    }
    float[][][] members = new float[t][][];
    for (int c = 0; c < t; c++) {
      members[c] = new float[counts[c]][];
    }
    int[] fill = new int[t];
    for (int i = 0; i < sample.length; i++) {
      members[topOf[i]][fill[topOf[i]]++] = sample[i];
    }
    for (int c = 0; c < t; c++) {
      float[] sub;
      if (members[c].length == 0) {
        sub = new float[p * dim];
        for (int j = 0; j < p; j++) {
          System.arraycopy(topC, c * dim, sub, j * dim, dim);
        }
      } else {
        sub = kmeans(members[c], p, r, kernels, new int[members[c].length], dim);
      }
      System.arraycopy(sub, 0, leafC, c * p * dim, p * dim);
    }
    return new Partition(dim, words, t, p, topC, leafC, kernels);
  }

  /**
   * Lloyd's k-means (Euclidean) of {@code pts} into {@code k} centroids, seeded by distinct random
   * points; an emptied centroid is re-seeded by a random point. Writes each point's centroid to
   * {@code assign}.
   */
  private static float[] kmeans(
      float[][] pts, int k, SplittableRandom r, VectorKernels kernels, int[] assign, int dim) {
    float[] c = new float[k * dim];
    int[] order = new int[pts.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = 0; i < Math.min(k, pts.length); i++) {
      int j = i + r.nextInt(pts.length - i);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    for (int j = 0; j < k; j++) {
      System.arraycopy(pts[order[j % pts.length]], 0, c, j * dim, dim);
    }
    double[] sums = new double[k * dim];
    int[] n = new int[k];
    for (int it = 0; it < ITERATIONS; it++) {
      float[] half = halfNorms(c, dim);
      for (int i = 0; i < pts.length; i++) {
        assign[i] = nearest(pts[i], c, half, 0, k, dim, kernels);
      }
      if (it == ITERATIONS - 1) {
        break;
      }
      Arrays.fill(sums, 0);
      Arrays.fill(n, 0);
      for (int i = 0; i < pts.length; i++) {
        int a = assign[i];
        n[a]++;
        float[] v = pts[i];
        for (int d = 0; d < dim; d++) {
          sums[a * dim + d] += v[d];
        }
      }
      for (int j = 0; j < k; j++) {
        if (n[j] == 0) {
          System.arraycopy(pts[r.nextInt(pts.length)], 0, c, j * dim, dim);
        } else {
          for (int d = 0; d < dim; d++) {
            c[j * dim + d] = (float) (sums[j * dim + d] / n[j]);
          }
        }
      }
    }
    return c;
  }

  private static float[] halfNorms(float[] c, int dim) {
    float[] h = new float[c.length / dim];
    for (int j = 0; j < h.length; j++) {
      double s = 0;
      for (int d = 0; d < dim; d++) {
        s += (double) c[j * dim + d] * c[j * dim + d];
      }
      h[j] = (float) (s / 2);
    }
    return h;
  }

  /** The centroid in {@code [from, to)} nearest {@code v}: the largest {@code v·c - |c|²/2}. */
  private static int nearest(
      float[] v, float[] c, float[] half, int from, int to, int dim, VectorKernels kernels) {
    int best = from;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int j = from; j < to; j++) {
      float s = kernels.dot(v, c, j * dim, dim) - half[j];
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    return best;
  }

  /** The leaf an added vector goes to: its nearest coarse centroid's nearest leaf. */
  int assign(float[] v) {
    int t = nearest(v, topCentroids, topHalfNorms, 0, top, dim, kernels);
    return nearest(v, leafCentroids, leafHalfNorms, t * per, (t + 1) * per, dim, kernels);
  }

  /** The {@code n} leaves nearest a probe, nearest first. */
  int[] nearestLists(float[] q, int n) {
    int count = lists.length;
    n = Math.min(n, count);
    float[] score = new float[count];
    for (int j = 0; j < count; j++) {
      score[j] = kernels.dot(q, leafCentroids, j * dim, dim) - leafHalfNorms[j];
    }
    // a bounded min-heap of the n best scores (ties by list id)
    int[] heap = new int[n];
    int size = 0;
    for (int j = 0; j < count; j++) {
      if (size < n) {
        int i = size++;
        heap[i] = j;
        while (i > 0 && worse(score, heap[i], heap[(i - 1) >>> 1])) {
          int pnt = (i - 1) >>> 1;
          int tmp = heap[pnt];
          heap[pnt] = heap[i];
          heap[i] = tmp;
          i = pnt;
        }
      } else if (worse(score, heap[0], j)) {
        heap[0] = j;
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          if (l >= size) {
            break;
          }
          int m = l + 1 < size && worse(score, heap[l + 1], heap[l]) ? l + 1 : l;
          if (!worse(score, heap[m], heap[i])) {
            break;
          }
          int tmp = heap[m];
          heap[m] = heap[i];
          heap[i] = tmp;
          i = m;
        }
      }
    }
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = heap[i];
    }
    Arrays.sort(boxed, (a, b) -> worse(score, a, b) ? 1 : worse(score, b, a) ? -1 : 0);
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  private static boolean worse(float[] score, int a, int b) {
    return score[a] < score[b] || (score[a] == score[b] && a > b);
  }

  /** How many entries (live or tombstoned) the given lists hold now. */
  long entries(int[] which, int from, int to) {
    long n = 0;
    for (int i = from; i < to; i++) {
      n += lists[which[i]].entries.size;
    }
    return n;
  }

  /**
   * Offers the codes of lists {@code which[from..to)} to the heap, keyed {@code distance << 32 |
   * slot}; tombstoned entries are skipped.
   */
  void scan(long[] probe, int[] which, int from, int to, BoundedHeap heap) {
    int limit = heap.limit();
    for (int li = from; li < to; li++) {
      Entries e = lists[which[li]].entries;
      int n = e.size;
      int[] slots = e.slots;
      long[] codes = e.codes;
      if (words == 2) {
        long p0 = probe[0];
        long p1 = probe[1];
        for (int i = 0; i < n; i++) {
          int d = Long.bitCount(codes[2 * i] ^ p0) + Long.bitCount(codes[2 * i + 1] ^ p1);
          if (d < limit) {
            int s = slots[i];
            if (s >= 0) {
              limit = heap.offer(((long) d << 32) | s);
            }
          }
        }
      } else {
        for (int i = 0; i < n; i++) {
          int d = 0;
          int j = i * words;
          for (int w = 0; w < words; w++) {
            d += Long.bitCount(codes[j + w] ^ probe[w]);
          }
          if (d < limit) {
            int s = slots[i];
            if (s >= 0) {
              limit = heap.offer(((long) d << 32) | s);
            }
          }
        }
      }
    }
  }

  /** One list's entries: slots (-1 where removed) and their codes, {@code size} of them in use. */
  static final class Entries {
    final int[] slots;
    final long[] codes;
    volatile int size;

    Entries(int capacity, int words) {
      slots = new int[capacity];
      codes = new long[capacity * words];
    }
  }

  /** An inverted list (writer-only methods; searches read {@link #entries}). */
  static final class InvertedList {
    private final int words;
    volatile Entries entries;
    private int dead;

    InvertedList(int words) {
      this.words = words;
      this.entries = new Entries(0, words);
    }

    /** Appends a slot with its code. */
    void append(int slot, long[] code, int codeOff) {
      Entries e = entries;
      int n = e.size;
      if (n == e.slots.length) {
        Entries g = new Entries(Math.max(MIN_CAPACITY, n + (n >>> 1)), words);
        System.arraycopy(e.slots, 0, g.slots, 0, n);
        System.arraycopy(e.codes, 0, g.codes, 0, n * words);
        g.size = n;
        entries = g;
        e = g;
      }
      e.slots[n] = slot;
      System.arraycopy(code, codeOff, e.codes, n * words, words);
      e.size = n + 1;
    }

    /**
     * Marks a released slot's entry removed, and compacts the list into a new copy once half of it
     * is removed.
     */
    void tombstone(int slot) {
      Entries e = entries;
      int n = e.size;
      for (int i = 0; i < n; i++) {
        if (e.slots[i] == slot) {
          e.slots[i] = -1;
          dead++;
          break;
        }
      }
      if (dead * 2 > n && n >= MIN_CAPACITY) {
        Entries c = new Entries(Math.max(MIN_CAPACITY, n - dead), words);
        int k = 0;
        for (int i = 0; i < n; i++) {
          if (e.slots[i] >= 0) {
            c.slots[k] = e.slots[i];
            System.arraycopy(e.codes, i * words, c.codes, k * words, words);
            k++;
          }
        }
        c.size = k;
        dead = 0;
        entries = c;
      }
    }
  }
}
