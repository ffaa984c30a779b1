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
 * publishes an {@link Entries} of fixed-size blocks whose {@code size} is a release store after the
 * entry is written; growing a list publishes a new block table (the blocks themselves are shared,
 * so that growth leaves no garbage and a list's slack is under one block), compacting it publishes
 * new blocks, and a search keeps the table it started with.
 */
final class Partition {

  private static final int ITERATIONS = 8;
  private static final int MIN_COMPACT = 8;

  /**
   * Entries a list block holds: a list's unused room is less than one block (20 bytes an entry at
   * 128-d), and it grows without copying.
   */
  static final int BLOCK = 256;

  final int dim;
  final int words;
  final int top;
  final int per;
  private final float[] topCentroids;
  private final float[] topHalfNorms;
  private final float[] leafCentroids;
  private final float[] leafHalfNorms;

  /** The leaf centroids interleaved for {@link VectorKernels#dotBlocks} (zero-padded). */
  private final float[] leafBlocks;

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
    this.leafBlocks = interleave(leafC, dim);
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

  /** Centroids in the interleaved layout of {@link VectorKernels#dotBlocks}, zero-padded. */
  private static float[] interleave(float[] c, int dim) {
    int n = c.length / dim;
    int w = VectorKernels.BLOCK;
    float[] m = new float[(n + w - 1) / w * w * dim];
    for (int j = 0; j < n; j++) {
      for (int d = 0; d < dim; d++) {
        m[((j / w) * dim + d) * w + j % w] = c[j * dim + d];
      }
    }
    return m;
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

  /**
   * The {@code n} leaves nearest a probe, nearest first (ties by list id). The leaves are scored
   * eight at a time from their interleaved copy (one lane a leaf, no lane reduction); each is keyed
   * by its score as an order-preserving int (negated, so that the nearest has the smallest key)
   * above its id, and the {@code n} smallest keys are kept in a bounded heap: no boxing, one small
   * array.
   */
  int[] nearestLists(float[] q, int n) {
    Selection sc = Selection.LOCAL.get();
    int count = lists.length;
    int blocks = leafBlocks.length / (dim * VectorKernels.BLOCK);
    float[] dots = sc.scores(blocks * VectorKernels.BLOCK);
    kernels.dotBlocks(q, leafBlocks, blocks, dim, dots);
    BoundedHeap heap = new BoundedHeap(Math.min(n, count));
    for (int j = 0; j < count; j++) {
      heap.offer(((long) orderedBits(leafHalfNorms[j] - dots[j]) << 32) | j);
    }
    long[] keys = heap.toArray();
    Arrays.sort(keys);
    int[] out = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = (int) keys[i];
    }
    return out;
  }

  /** A float's bits as an int that orders as the floats do (for finite values and infinities). */
  static int orderedBits(float f) {
    int bits = Float.floatToIntBits(f + 0f);
    return bits ^ ((bits >> 31) & 0x7fffffff);
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
   * The {@code k} entries of lists {@code which[from..to)} whose codes are nearest the probe's in
   * Hamming distance, keyed {@code distance << 32 | slot}, in no particular order; ties at the
   * cut-off distance go to the entries read first (the nearer lists); tombstoned entries are
   * skipped.
   *
   * <p>Rationale. A Hamming distance of {@code 64 × words} bits takes one of few values, so the
   * selection is a counting one: one pass writes each entry's distance and slot to a buffer and
   * counts the distances, the counts give the cut-off, and a second pass over the buffer keeps what
   * lies below it. A bounded max-heap of {@code k} (its previous form) sifts every entry that beats
   * the current worst, some thousands a probe at {@code k} = 1,024, with branches the processor
   * cannot predict: at 1M riders this selection took 0.20 ms a probe against the heap's 0.33 ms,
   * distances and codes read included.
   */
  long[] select(long[] probe, int[] which, int from, int to, int k) {
    Selection sc = Selection.LOCAL.get();
    int n = 0;
    int[] hist = sc.histogram(words * 64 + 1);
    for (int li = from; li < to; li++) {
      Entries e = lists[which[li]].entries;
      int size = e.size;
      sc.ensure(n + size);
      int[] outSlots = sc.slots;
      short[] outDist = sc.dist;
      for (int b = 0; b * BLOCK < size; b++) {
        int m = Math.min(BLOCK, size - b * BLOCK);
        int[] slots = e.slots[b];
        long[] codes = e.codes[b];
        if (words == 2) {
          long p0 = probe[0];
          long p1 = probe[1];
          for (int i = 0; i < m; i++) {
            int s = slots[i];
            if (s >= 0) {
              int d = Long.bitCount(codes[2 * i] ^ p0) + Long.bitCount(codes[2 * i + 1] ^ p1);
              outSlots[n] = s;
              outDist[n++] = (short) d;
              hist[d]++;
            }
          }
        } else {
          for (int i = 0; i < m; i++) {
            int s = slots[i];
            if (s >= 0) {
              int d = 0;
              int j = i * words;
              for (int w = 0; w < words; w++) {
                d += Long.bitCount(codes[j + w] ^ probe[w]);
              }
              outSlots[n] = s;
              outDist[n++] = (short) d;
              hist[d]++;
            }
          }
        }
      }
    }
    int[] slots = sc.slots;
    short[] dist = sc.dist;
    if (n <= k) {
      long[] all = new long[n];
      for (int i = 0; i < n; i++) {
        all[i] = ((long) dist[i] << 32) | slots[i];
      }
      return all;
    }
    int cut = 0;
    int below = 0;
    while (below + hist[cut] < k) {
      below += hist[cut++];
    }
    int ties = k - below;
    long[] out = new long[k];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int d = dist[i];
      if (d < cut || (d == cut && ties-- > 0)) {
        out[m++] = ((long) d << 32) | slots[i];
      }
    }
    return out;
  }

  /**
   * A search thread's scratch buffers for {@link #nearestLists} and {@link #select}, reused from
   * search to search.
   */
  static final class Selection {
    static final ThreadLocal<Selection> LOCAL = ThreadLocal.withInitial(Selection::new);

    int[] slots = new int[0];
    short[] dist = new short[0];
    private int[] hist = new int[0];
    private float[] scores = new float[0];

    /** Room for at least {@code n} scores (grown, never shrunk, as the other buffers). */
    float[] scores(int n) {
      if (scores.length < n) {
        scores = new float[n];
      }
      return scores;
    }

    int[] histogram(int bins) {
      if (hist.length < bins) {
        hist = new int[bins];
      } else {
        Arrays.fill(hist, 0);
      }
      return hist;
    }

    void ensure(int n) {
      if (slots.length < n) {
        int c = Math.max(n, slots.length * 3 / 2);
        slots = Arrays.copyOf(slots, c);
        dist = Arrays.copyOf(dist, c);
      }
    }
  }

  /**
   * One list's entries, {@code size} of them in use, in blocks of {@link #BLOCK}: slots (-1 where
   * removed) and their codes. A list grows by a block, never by copying its entries: the blocks are
   * shared between a list's successive {@code Entries}, which differ only in their block tables.
   */
  static final class Entries {
    final int[][] slots;
    final long[][] codes;
    volatile int size;

    Entries(int[][] slots, long[][] codes) {
      this.slots = slots;
      this.codes = codes;
    }

    /** The slot of entry {@code i}. */
    int slot(int i) {
      return slots[i / BLOCK][i % BLOCK];
    }

    /** The code block holding entry {@code i} (its code starts at {@link #codeOffset}). */
    long[] codeBlock(int i) {
      return codes[i / BLOCK];
    }

    int codeOffset(int i, int words) {
      return (i % BLOCK) * words;
    }
  }

  /** An inverted list (writer-only methods; searches read {@link #entries}). */
  static final class InvertedList {
    private final int words;
    volatile Entries entries;
    private int dead;

    InvertedList(int words) {
      this.words = words;
      this.entries = new Entries(new int[0][], new long[0][]);
    }

    /** Appends a slot with its code. */
    void append(int slot, long[] code, int codeOff) {
      Entries e = entries;
      int n = e.size;
      if (n == e.slots.length * BLOCK) {
        int b = e.slots.length;
        int[][] sl = Arrays.copyOf(e.slots, b + 1);
        long[][] co = Arrays.copyOf(e.codes, b + 1);
        sl[b] = new int[BLOCK];
        co[b] = new long[BLOCK * words];
        Entries g = new Entries(sl, co);
        g.size = n;
        entries = g;
        e = g;
      }
      e.slots[n / BLOCK][n % BLOCK] = slot;
      System.arraycopy(code, codeOff, e.codes[n / BLOCK], (n % BLOCK) * words, words);
      e.size = n + 1;
    }

    /**
     * Marks a released slot's entry removed, and compacts the list into new blocks once half of it
     * is removed (searches keep reading the old blocks they started with).
     */
    void tombstone(int slot) {
      Entries e = entries;
      int n = e.size;
      for (int i = 0; i < n; i++) {
        if (e.slots[i / BLOCK][i % BLOCK] == slot) {
          e.slots[i / BLOCK][i % BLOCK] = -1;
          dead++;
          break;
        }
      }
      if (dead * 2 > n && n >= MIN_COMPACT) {
        int live = n - dead;
        int blocks = (live + BLOCK - 1) / BLOCK;
        int[][] sl = new int[blocks][];
        long[][] co = new long[blocks][];
        for (int b = 0; b < blocks; b++) {
          sl[b] = new int[BLOCK];
          co[b] = new long[BLOCK * words];
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
          int s = e.slots[i / BLOCK][i % BLOCK];
          if (s >= 0) {
            sl[k / BLOCK][k % BLOCK] = s;
            System.arraycopy(
                e.codes[i / BLOCK], (i % BLOCK) * words, co[k / BLOCK], (k % BLOCK) * words, words);
            k++;
          }
        }
        Entries c = new Entries(sl, co);
        c.size = k;
        dead = 0;
        entries = c;
      }
    }
  }
}
