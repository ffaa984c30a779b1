package org.facefare.gallery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Optional;

/**
 * The gallery's storage and search: templates in slots of fixed-size chunks (vector, inverse norm,
 * owner, and the binary code until the codes are partitioned), riders in a compact table (pseudonym
 * bytes in an arena, an open-addressing hash table, each rider's slots linked), the optional
 * inverted {@link Partition} of the codes, and the searches.
 *
 * <p>Searches read without locks; one writer at a time (the {@link Gallery}'s lock) mutates. A slot
 * is published by a release store of its owner after its data is written, and read by an acquire
 * load before its data is; a slot or rider id is reused only after a {@link ReaderGate} grace
 * period, so no search reads a slot while it is rewritten. Once the partition is trained the codes
 * move from the chunks into its lists (after a grace period, so that no full-scan search still
 * reads them). Memory per template at 128-d int8: 128 bytes of vector, 14 of bookkeeping (inverse
 * norm, owner, next slot, list id) and 16 of code (in a partition, 20: the list entry's slot and
 * code); per rider 8 bytes of references, the pseudonym and 4–6 bytes of table — no object per
 * template or rider.
 */
final class TemplateIndex {

  static final int CHUNK_BITS = 16;
  static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MASK = CHUNK - 1;
  private static final int ARENA_BITS = 20;
  private static final int ARENA = 1 << ARENA_BITS;

  /** Pseudonym arenas a rider's int reference can address: 2 GiB of pseudonyms. */
  private static final int MAX_ARENAS = 1 << (31 - ARENA_BITS);

  /**
   * The rider table's largest load: linear probing stays short at 0.7 (Knuth: about 2 probes a hit,
   * 6 a miss), and the table doubles when it is reached, so it holds 4–6 bytes a rider.
   */
  private static final double MAX_LOAD = 0.7;

  private static final int FREE = -1;
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  final int dim;
  final int words;
  final Precision precision;
  final BinaryCodes codes;
  private final VectorKernels kernels;

  /** The inverted partition of the codes, once trained (then the chunks hold no codes). */
  private volatile Partition partition;

  /** Slot chunks; the array is replaced (never mutated in place) when it grows. */
  private volatile Chunk[] chunks = new Chunk[0];

  /** One past the highest slot ever used. */
  private volatile int highWater;

  private int liveSlots;
  private final IntStack freeSlots = new IntStack();

  // Riders (written only by the writer; key bytes are read by searches for published riders).
  private volatile byte[][] arena = new byte[0][];
  private int arenaChunk = -1;
  private int arenaPos = ARENA;
  private volatile int[][] keyRef = new int[0][];
  private int[][] firstSlot = new int[0][];
  private int riderHighWater;
  private int liveRiders;
  private final IntStack freeRiders = new IntStack();
  private int[] table = new int[1 << 10];
  private int tableUsed;

  private static final class Chunk {
    final float[] f;
    final byte[] q;
    final float[] inv;
    long[] code;
    final int[] owner;
    final int[] next;
    final char[] list;

    Chunk(Precision p, int dim, int words, boolean codes) {
      f = p == Precision.FLOAT32 ? new float[CHUNK * dim] : null;
      q = p == Precision.INT8 ? new byte[CHUNK * dim] : null;
      inv = new float[CHUNK];
      code = codes ? new long[CHUNK * words] : null;
      owner = new int[CHUNK];
      next = new int[CHUNK];
      list = new char[CHUNK];
      Arrays.fill(owner, FREE);
    }
  }

  TemplateIndex(int dim, Precision precision, BinaryCodes codes, VectorKernels kernels) {
    this.dim = dim;
    this.words = codes.words();
    this.precision = precision;
    this.codes = codes;
    this.kernels = kernels;
    Arrays.fill(table, FREE);
  }

  int liveSlots() {
    return liveSlots;
  }

  int liveRiders() {
    return liveRiders;
  }

  int highWater() {
    return highWater;
  }

  String kernelName() {
    return kernels.name();
  }

  // ---- riders ----

  /** The rider id of a pseudonym, or -1 (writer only). */
  int find(byte[] key) {
    int m = table.length - 1;
    for (int i = hash(key) & m; ; i = (i + 1) & m) {
      int r = table[i];
      if (r == FREE) {
        return -1;
      }
      if (r >= 0 && keyEquals(r, key)) {
        return r;
      }
    }
  }

  /** Adds a rider with no templates and returns its id (writer only; the key must be absent). */
  int addRider(byte[] key) {
    if ((tableUsed + 1) > MAX_LOAD * table.length) {
      rehash(liveRiders + 1);
    }
    int r = freeRiders.isEmpty() ? riderHighWater++ : freeRiders.pop();
    int c = r >>> CHUNK_BITS;
    if (c >= keyRef.length) {
      int[][] k = Arrays.copyOf(keyRef, c + 1);
      k[c] = new int[CHUNK];
      int[][] fs = Arrays.copyOf(firstSlot, c + 1);
      fs[c] = new int[CHUNK];
      firstSlot = fs;
      keyRef = k;
    }
    keyRef[c][r & MASK] = storeKey(key);
    firstSlot[c][r & MASK] = FREE;
    int m = table.length - 1;
    int i = hash(key) & m;
    while (table[i] >= 0) {
      i = (i + 1) & m;
    }
    if (table[i] == FREE) {
      tableUsed++;
    }
    table[i] = r;
    liveRiders++;
    return r;
  }

  /** Unlinks a rider from the table and unpublishes its slots; returns its slots (writer only). */
  int[] unpublishRider(int r) {
    byte[] key = key(r);
    int m = table.length - 1;
    for (int i = hash(key) & m; ; i = (i + 1) & m) {
      if (table[i] == r) {
        table[i] = -2;
        break;
      }
    }
    int[] slots = unpublishSlots(r);
    liveRiders--;
    return slots;
  }

  /**
   * Replaces a rider's slots by new ones: publishes the new first, so that searches always find the
   * rider, then unpublishes the old and returns them for release after a grace period (writer
   * only).
   */
  int[] replaceSlots(int r, float[][] units) {
    int oldHead = firstSlot[r >>> CHUNK_BITS][r & MASK];
    firstSlot[r >>> CHUNK_BITS][r & MASK] = FREE;
    for (float[] u : units) {
      addSlot(r, u);
    }
    int newHead = firstSlot[r >>> CHUNK_BITS][r & MASK];
    firstSlot[r >>> CHUNK_BITS][r & MASK] = oldHead;
    int[] old = unpublishSlots(r);
    firstSlot[r >>> CHUNK_BITS][r & MASK] = newHead;
    return old;
  }

  int riderHighWater() {
    return riderHighWater;
  }

  /** Unpublishes every slot of a rider and returns them (writer only). */
  int[] unpublishSlots(int r) {
    int n = 0;
    int[] out = new int[4];
    for (int s = firstSlot[r >>> CHUNK_BITS][r & MASK]; s != FREE; s = chunk(s).next[s & MASK]) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = s;
      INTS.setVolatile(chunk(s).owner, s & MASK, FREE);
    }
    firstSlot[r >>> CHUNK_BITS][r & MASK] = FREE;
    liveSlots -= n;
    return Arrays.copyOf(out, n);
  }

  /** Returns a rider id to the free list once no search can hold it (writer only). */
  void releaseRider(int r) {
    freeRiders.push(r);
  }

  /** Zeroes and frees unpublished slots once no search can read them (writer only). */
  void releaseSlots(int[] slots) {
    Partition p = partition;
    for (int s : slots) {
      Chunk c = chunk(s);
      int o = s & MASK;
      if (c.f != null) {
        Arrays.fill(c.f, o * dim, (o + 1) * dim, 0f);
      } else {
        Arrays.fill(c.q, o * dim, (o + 1) * dim, (byte) 0);
      }
      if (p != null) {
        p.list(c.list[o]).tombstone(s);
      } else {
        Arrays.fill(c.code, o * words, (o + 1) * words, 0L);
      }
      c.inv[o] = 0;
      freeSlots.push(s);
    }
  }

  /** Stores a unit vector as a new slot of a rider and publishes it (writer only). */
  void addSlot(int r, float[] unit) {
    int s = freeSlots.isEmpty() ? newSlot() : freeSlots.pop();
    Chunk c = chunk(s);
    int o = s & MASK;
    if (c.f != null) {
      System.arraycopy(unit, 0, c.f, o * dim, dim);
      c.inv[o] = 1f;
    } else {
      c.inv[o] = quantize(unit, c.q, o * dim);
    }
    Partition p = partition;
    if (p != null) {
      int l = p.assign(unit);
      c.list[o] = (char) l;
      p.list(l).append(s, codes.encode(unit), 0);
    } else {
      codes.encode(unit, c.code, o * words);
    }
    c.next[o] = firstSlot[r >>> CHUNK_BITS][r & MASK];
    firstSlot[r >>> CHUNK_BITS][r & MASK] = s;
    INTS.setRelease(c.owner, o, r);
    if (s >= highWater) {
      highWater = s + 1;
    }
    liveSlots++;
  }

  /**
   * Quantises a unit vector to signed bytes with one scale (as {@code Template#quantize}) and
   * returns the inverse norm of the byte vector, so that a dot product with it times that inverse
   * is the exact cosine with the stored template.
   */
  private static float quantize(float[] unit, byte[] q, int off) {
    float max = 0;
    for (float v : unit) {
      max = Math.max(max, Math.abs(v));
    }
    float scale = max / 127f;
    double norm = 0;
    for (int i = 0; i < unit.length; i++) {
      int b = Math.max(-127, Math.min(127, Math.round(unit[i] / scale)));
      q[off + i] = (byte) b;
      norm += (double) b * b;
    }
    return (float) (1 / Math.sqrt(norm));
  }

  private int newSlot() {
    int s = highWater;
    if (s == Integer.MAX_VALUE) {
      throw new IllegalStateException("the gallery is full");
    }
    int c = s >>> CHUNK_BITS;
    if (c >= chunks.length) {
      Chunk[] grown = Arrays.copyOf(chunks, c + 1);
      grown[c] = new Chunk(precision, dim, words, partition == null);
      chunks = grown;
    }
    return s;
  }

  private Chunk chunk(int s) {
    return chunks[s >>> CHUNK_BITS];
  }

  private int storeKey(byte[] key) {
    if (arenaPos + key.length + 1 > ARENA) {
      if (arena.length == MAX_ARENAS) {
        throw new IllegalStateException(
            "the gallery's pseudonym store is full ("
                + ((long) MAX_ARENAS * ARENA >> 20)
                + " MiB)");
      }
      byte[][] a = Arrays.copyOf(arena, arena.length + 1);
      a[a.length - 1] = new byte[ARENA];
      arena = a;
      arenaChunk = a.length - 1;
      arenaPos = 0;
    }
    byte[] a = arena[arenaChunk];
    a[arenaPos] = (byte) key.length;
    System.arraycopy(key, 0, a, arenaPos + 1, key.length);
    int ref = (arenaChunk << ARENA_BITS) | arenaPos;
    arenaPos += key.length + 1;
    return ref;
  }

  byte[] key(int r) {
    int ref = keyRef[r >>> CHUNK_BITS][r & MASK];
    byte[] a = arena[ref >>> ARENA_BITS];
    int pos = ref & (ARENA - 1);
    return Arrays.copyOfRange(a, pos + 1, pos + 1 + a[pos]);
  }

  private boolean keyEquals(int r, byte[] key) {
    int ref = keyRef[r >>> CHUNK_BITS][r & MASK];
    byte[] a = arena[ref >>> ARENA_BITS];
    int pos = ref & (ARENA - 1);
    return a[pos] == key.length
        && Arrays.equals(a, pos + 1, pos + 1 + key.length, key, 0, key.length);
  }

  /**
   * Sizes the rider table for {@code riders} riders at most {@link #MAX_LOAD} full (before a
   * snapshot's riders are added, so that the table is built once; writer only).
   */
  void reserveRiders(int riders) {
    if (riders > MAX_LOAD * table.length) {
      rehash(riders);
    }
  }

  /** Rebuilds the rider table (dropping removed entries) with room for {@code riders}. */
  private void rehash(int riders) {
    int size = table.length;
    while (riders > MAX_LOAD * size) {
      size *= 2;
    }
    int[] t = new int[size];
    Arrays.fill(t, FREE);
    int m = size - 1;
    for (int r : table) {
      if (r >= 0) {
        int i = hash(key(r)) & m;
        while (t[i] != FREE) {
          i = (i + 1) & m;
        }
        t[i] = r;
      }
    }
    table = t;
    tableUsed = liveRiders;
  }

  private static int hash(byte[] key) {
    int h = Arrays.hashCode(key) * 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  // ---- search ----

  /** The best two riders for a probe: the running state of a re-rank or an exact scan. */
  static final class TopTwo {
    int bestRider = FREE;
    float bestScore = Float.NEGATIVE_INFINITY;
    int secondRider = FREE;
    float secondScore = Float.NEGATIVE_INFINITY;

    /** What {@link #touch} read, kept so that the compiler cannot drop the reads. */
    int touched;

    void offer(int r, float s) {
      if (r == bestRider) {
        bestScore = Math.max(bestScore, s);
      } else if (s > bestScore) {
        secondRider = bestRider;
        secondScore = bestScore;
        bestRider = r;
        bestScore = s;
      } else if (r == secondRider) {
        secondScore = Math.max(secondScore, s);
      } else if (s > secondScore) {
        secondRider = r;
        secondScore = s;
      }
    }

    void merge(TopTwo o) {
      if (o.bestRider != FREE) {
        offer(o.bestRider, o.bestScore);
      }
      if (o.secondRider != FREE) {
        offer(o.secondRider, o.secondScore);
      }
    }
  }

  /** The exact score of a probe against a published slot, or NaN if the slot is not published. */
  private float score(float[] probe, int s, TopTwo into) {
    Chunk c = chunk(s);
    int o = s & MASK;
    int r = (int) INTS.getAcquire(c.owner, o);
    if (r == FREE) {
      return Float.NaN;
    }
    float v =
        c.f != null
            ? kernels.dot(probe, c.f, o * dim, dim)
            : kernels.dot(probe, c.q, o * dim, dim) * c.inv[o];
    into.offer(r, v);
    return v;
  }

  /** Scores every published slot in {@code [from, to)} exactly. */
  TopTwo exactScan(float[] probe, int from, int to) {
    TopTwo t = new TopTwo();
    for (int s = from; s < to; s++) {
      score(probe, s, t);
    }
    return t;
  }

  /**
   * The {@code k} slots in {@code [from, to)} whose binary codes are nearest the probe's in Hamming
   * distance, as a max-heap of {@code distance << 32 | slot}.
   */
  long[] nearestCodes(long[] probeCode, int from, int to, int k) {
    BoundedHeap heap = new BoundedHeap(k);
    Chunk[] cs = chunks;
    for (int s = from; s < to; ) {
      Chunk c = cs[s >>> CHUNK_BITS];
      int end = Math.min(to, ((s >>> CHUNK_BITS) + 1) << CHUNK_BITS);
      codes.scan(probeCode, c.code, s & MASK, end - s, s, heap);
      s = end;
    }
    return heap.toArray();
  }

  /**
   * The {@code k} slots in the lists {@code which[from..to)} whose codes are nearest the probe's,
   * as {@link #nearestCodes} (partitioned galleries only).
   */
  long[] nearestCodesIn(Partition p, long[] probeCode, int[] which, int from, int to, int k) {
    return p.select(probeCode, which, from, to, k);
  }

  /** The partition, once trained. */
  Partition partition() {
    return partition;
  }

  /**
   * Trains the partition on a seeded sample of the stored templates (at most {@code 64 × lists}),
   * assigns every stored template to its list and publishes it; the chunks keep their codes until
   * {@link #dropChunkCodes} (writer only).
   */
  void trainPartition(Partitioning cfg) {
    int hw = highWater;
    int[] live = new int[liveSlots];
    int n = 0;
    for (int s = 0; s < hw; s++) {
      if (chunk(s).owner[s & MASK] != FREE) {
        live[n++] = s;
      }
    }
    int want = (int) Math.min(n, 64L * cfg.lists());
    java.util.SplittableRandom r = new java.util.SplittableRandom(cfg.seed());
    for (int i = 0; i < want; i++) {
      int j = i + r.nextInt(n - i);
      int t = live[i];
      live[i] = live[j];
      live[j] = t;
    }
    float[][] sample = new float[want][];
    for (int i = 0; i < want; i++) {
      sample[i] = unit(live[i]);
    }
    Partition p = Partition.train(sample, cfg.lists(), r.nextLong(), dim, words, kernels);
    for (int s = 0; s < hw; s++) {
      Chunk c = chunk(s);
      int o = s & MASK;
      if (c.owner[o] != FREE) {
        int l = p.assign(unit(s));
        c.list[o] = (char) l;
        p.list(l).append(s, c.code, o * words);
      }
    }
    partition = p;
  }

  /**
   * Installs a partition read from a snapshot into a fresh index, before any slot is added (writer
   * only).
   */
  void installPartition(Partition p) {
    if (highWater != 0) {
      throw new IllegalStateException("a partition is installed only into an empty index");
    }
    partition = p;
  }

  /** Frees the chunks' codes once no full-scan search can read them (writer only). */
  void dropChunkCodes() {
    for (Chunk c : chunks) {
      c.code = null;
    }
  }

  /** A stored template as a float vector (the int8 one scaled to unit length). */
  private float[] unit(int s) {
    Chunk c = chunk(s);
    int o = s & MASK;
    float[] v = new float[dim];
    if (c.f != null) {
      System.arraycopy(c.f, o * dim, v, 0, dim);
    } else {
      for (int i = 0; i < dim; i++) {
        v[i] = c.q[o * dim + i] * c.inv[o];
      }
    }
    return v;
  }

  /**
   * Reads one byte of every cache line a re-rank of these candidates will read, so that their
   * memory loads are all in flight at once.
   *
   * <p>Rationale. The candidates are scattered over the whole gallery (128 MB of int8 vectors at
   * 1M), so nearly every one is a cache and TLB miss; scored one after another, each dot product
   * waits for its own misses (measured at 1M: about 0.45 µs a candidate, 0.11 µs of it arithmetic).
   * The loads of this pass do not depend on each other, so the processor overlaps them, and the
   * scoring pass then finds its data in cache (1,024 candidates × 3 lines fit the 1 MB L2) — the
   * group prefetching of Chen, Ailamaki, Gibbons and Mowry, "Improving hash join performance
   * through prefetching", ICDE 2004, without a prefetch instruction (Java has none).
   */
  private int touch(long[] candidates) {
    Chunk[] cs = chunks;
    int x = 0;
    for (long c : candidates) {
      int s = (int) c;
      Chunk ch = cs[s >>> CHUNK_BITS];
      int o = s & MASK;
      x += ch.owner[o] + Float.floatToRawIntBits(ch.inv[o]);
      if (ch.q != null) {
        byte[] q = ch.q;
        int end = (o + 1) * dim - 1;
        for (int i = o * dim; i < end; i += 64) {
          x += q[i];
        }
        x += q[end];
      } else {
        float[] f = ch.f;
        int end = (o + 1) * dim - 1;
        for (int i = o * dim; i < end; i += 16) {
          x += Float.floatToRawIntBits(f[i]);
        }
        x += Float.floatToRawIntBits(f[end]);
      }
    }
    return x;
  }

  /** Re-ranks candidate slots (from {@link #nearestCodes}) exactly. */
  TopTwo rerank(float[] probe, long[] candidates, TopTwo into) {
    into.touched = touch(candidates);
    for (long c : candidates) {
      score(probe, (int) c, into);
    }
    return into;
  }

  /** The pseudonym of a rider found by a search still in its grace period. */
  RiderKey riderKey(int r) {
    byte[] k = key(r);
    return RiderKey.ofBytes(k, 0, k.length);
  }

  /** Candidates for a decision from a search's top two. */
  Optional<Candidate> best(TopTwo t) {
    return t.bestRider == FREE
        ? Optional.empty()
        : Optional.of(new Candidate(riderKey(t.bestRider), clamp(t.bestScore)));
  }

  Optional<Candidate> second(TopTwo t) {
    return t.secondRider == FREE
        ? Optional.empty()
        : Optional.of(new Candidate(riderKey(t.secondRider), clamp(t.secondScore)));
  }

  private static double clamp(float s) {
    return Math.max(-1, Math.min(1, s));
  }

  // ---- snapshot access (writer only, under the gallery's lock) ----

  /**
   * Visits every published slot with its rider id: in slot order, or, once partitioned, list by
   * list in each list's order (so that a snapshot rebuilds the lists as they were).
   */
  void forEachSlot(SlotVisitor v) {
    Partition p = partition;
    if (p == null) {
      int hw = highWater;
      for (int s = 0; s < hw; s++) {
        Chunk c = chunk(s);
        int o = s & MASK;
        int r = c.owner[o];
        if (r != FREE) {
          v.visit(s, r, c.f, c.q, o * dim, c.inv[o], c.code, o * words, -1);
        }
      }
      return;
    }
    for (int l = 0; l < p.listCount(); l++) {
      Partition.Entries e = p.list(l).entries;
      for (int i = 0; i < e.size; i++) {
        int s = e.slot(i);
        if (s < 0) {
          continue;
        }
        Chunk c = chunk(s);
        int o = s & MASK;
        int r = c.owner[o];
        if (r != FREE) {
          v.visit(s, r, c.f, c.q, o * dim, c.inv[o], e.codeBlock(i), e.codeOffset(i, words), l);
        }
      }
    }
  }

  /** Receives one slot's stored data. */
  interface SlotVisitor {
    void visit(
        int slot,
        int rider,
        float[] f,
        byte[] q,
        int vectorOffset,
        float inv,
        long[] code,
        int codeOffset,
        int list);
  }

  /**
   * Adds a slot copied from a snapshot: stored data as it was written, into list {@code list} when
   * partitioned (writer only).
   */
  void addStoredSlot(
      int r, float[] f, byte[] q, int vOff, float inv, long[] code, int cOff, int list) {
    int s = freeSlots.isEmpty() ? newSlot() : freeSlots.pop();
    Chunk c = chunk(s);
    int o = s & MASK;
    if (c.f != null) {
      System.arraycopy(f, vOff, c.f, o * dim, dim);
    } else {
      System.arraycopy(q, vOff, c.q, o * dim, dim);
    }
    c.inv[o] = inv;
    Partition p = partition;
    if (p != null) {
      c.list[o] = (char) list;
      p.list(list).append(s, code, cOff);
    } else {
      System.arraycopy(code, cOff, c.code, o * words, words);
    }
    c.next[o] = firstSlot[r >>> CHUNK_BITS][r & MASK];
    firstSlot[r >>> CHUNK_BITS][r & MASK] = s;
    INTS.setRelease(c.owner, o, r);
    if (s >= highWater) {
      highWater = s + 1;
    }
    liveSlots++;
  }

  /** A growable stack of ints. */
  private static final class IntStack {
    private int[] a = new int[16];
    private int n;

    boolean isEmpty() {
      return n == 0;
    }

    void push(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int pop() {
      return a[--n];
    }
  }
}
