package org.facefare.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.facefare.face.Template;

/**
 * The in-memory 1:N index of enrolled riders' templates that answers one question: which enrolled
 * rider is this probe, if any.
 *
 * <p>There is deliberately no way to list, iterate or export riders or templates: the only query is
 * {@link #decide}, which returns an open-set {@link Decision}.
 *
 * <p><b>Search.</b> Below {@link GallerySettings#exactBelow()} stored templates the search is an
 * exact SIMD scan. Above it a first stage compares one-bit-a-dimension codes of the centred
 * templates ({@link BinaryCodes}) by Hamming distance and keeps the {@link
 * GallerySettings#rerank()} nearest, which are re-ranked by exact cosine; the decision only ever
 * sees exact scores. Until the gallery holds {@link Partitioning#from()} templates the first stage
 * scans every code; then an inverted partition is trained once ({@link Partition}: two-level
 * k-means, each list holding its templates' codes) and a search reads only the {@link
 * Partitioning#probes()} lists nearest the probe — at 10M riders about 1/64 of the codes
 * (measurements in {@code docs/benchmarks.md}).
 *
 * <p>Why a quantised scan and not a graph or product quantisation, by measurement ({@code
 * docs/benchmarks.md}, same vectors, same two threads, FAISS 1.7.3 as the peer): the default
 * embedder's templates share a strong mean direction (impostor cosine 0.84 ± 0.04, genuine 0.95 ±
 * 0.03 on the real photo sets), so raw-space codes spend their precision on what every face has in
 * common. At 100k riders FAISS's HNSW (M 32) took 157 s to build and peaked at recall@1 0.9975
 * (efSearch 256–1024), IVF-PQ and PQ fast-scan with exact refinement stayed below 0.87, and only
 * flat search reached 0.999; at 1M PQ fast-scan stayed below 0.45. Centring first and keeping one
 * sign bit a dimension costs 16 bytes a template at 128-d, builds at hundreds of thousands of adds
 * a second, and at 1M agreed with the exact decision on every probe (recall@1 1.0 on the probes
 * whose exact best reaches the threshold, 0.95 on all mated probes: for 17 % of them an impostor
 * outscores the mated rider, an embedder limit no index can fix). The rationale follows Charikar's
 * random-hyperplane hashing ("Similarity estimation techniques from rounding algorithms", STOC
 * 2002) and Lucene's and jvector's re-ranking of quantised candidates by exact scores. A full code
 * scan still reads 16 bytes of every template a probe (160 MB at 10M, p99 192 ms on the shared
 * machine), hence the inverted partition above a size: it reads the codes of 64 of 4,096 lists, and
 * Lucene's HNSW, measured as the graph family's peer, stayed far below the recall bar on these
 * vectors (figures in {@code docs/benchmarks.md}).
 *
 * <p><b>Changes while serving.</b> Searches take no lock. One writer at a time adds, replaces or
 * removes; {@link #remove} returns only after every search that started before it has finished
 * ({@link ReaderGate}), so once it returns no search can return that rider, and the removed
 * templates are zeroed before their memory is reused.
 *
 * <p><b>Restart.</b> {@link #writeSnapshot} writes a checksummed, versioned file; {@link #open}
 * memory-maps it, verifies it whole before using any of it, and replays the source of truth's
 * changes since; a missing, corrupt, truncated or incompatible snapshot is rebuilt from the {@link
 * TemplateSource}.
 */
public final class Gallery implements AutoCloseable {

  private static final int MAX_TEMPLATES = 16;
  private static final double UNIT_TOLERANCE = 1e-3;
  private static final int MIN_PARTITION = 1 << 16;

  private final GallerySettings settings;
  private final TemplateIndex index;
  private final ReaderGate gate = new ReaderGate();
  private final ReentrantLock writer = new ReentrantLock();
  private final Optional<ExecutorService> helpers;
  private volatile Depth depth;

  /** How deep searches look: candidates re-ranked, lists read. */
  private record Depth(int rerank, int probes) {}

  private Gallery(GallerySettings settings, TemplateIndex index) {
    this.settings = settings;
    this.index = index;
    this.depth = new Depth(settings.rerank(), settings.partitioning().probes());
    this.helpers =
        settings.parallelism() > 1
            ? Optional.of(
                Executors.newFixedThreadPool(
                    settings.parallelism() - 1,
                    r -> {
                      Thread t = new Thread(r, "gallery-search");
                      t.setDaemon(true);
                      return t;
                    }))
            : Optional.empty();
  }

  /** An empty gallery. */
  public static Gallery create(GallerySettings settings) {
    return new Gallery(settings, newIndex(settings));
  }

  static TemplateIndex newIndex(GallerySettings settings) {
    ModelProfile p = settings.profile();
    return new TemplateIndex(
        p.dimension(), settings.precision(), new BinaryCodes(p.centreView()), VectorKernels.best());
  }

  /**
   * How a gallery was started.
   *
   * @param gallery the gallery, ready to serve
   * @param position the source position its state includes
   * @param fromSnapshot whether it was loaded from the snapshot (else rebuilt from the source)
   * @param snapshotProblem why the snapshot was not used, when it was not
   */
  public record Opened(
      Gallery gallery, long position, boolean fromSnapshot, Optional<String> snapshotProblem) {}

  /**
   * Starts a gallery from a snapshot plus the source's changes since it, or, when the snapshot is
   * missing, corrupt, truncated, of another version or another profile, or the source no longer
   * holds the changes since it, from the whole source.
   *
   * @throws IOException if the source cannot be read
   */
  public static Opened open(GallerySettings settings, Path snapshot, TemplateSource source)
      throws IOException {
    Objects.requireNonNull(source, "source");
    String problem;
    if (Files.isRegularFile(snapshot)) {
      try {
        SnapshotFile.Loaded loaded = SnapshotFile.read(snapshot, settings, newIndex(settings));
        Gallery g = new Gallery(settings, loaded.index());
        try {
          long pos = source.replaySince(loaded.position(), g.sink());
          g.partitionIfDue();
          return new Opened(g, pos, true, Optional.empty());
        } catch (IOException e) {
          g.close();
          problem = "the source cannot replay from the snapshot's position: " + e.getMessage();
        }
      } catch (SnapshotFile.InvalidSnapshotException e) {
        problem = e.getMessage();
      }
    } else {
      problem = "no snapshot at " + snapshot;
    }
    Gallery g = create(settings);
    long pos = source.loadAll(g.sink());
    return new Opened(g, pos, false, Optional.of(problem));
  }

  /** A sink that applies a source's changes to this gallery. */
  public TemplateSource.ChangeSink sink() {
    return new TemplateSource.ChangeSink() {
      @Override
      public void put(RiderKey rider, List<Template> templates) {
        enrol(rider, templates);
      }

      @Override
      public void remove(RiderKey rider) {
        Gallery.this.remove(rider);
      }
    };
  }

  /** The settings. */
  public GallerySettings settings() {
    return settings;
  }

  /** How many riders are enrolled. */
  public int riderCount() {
    writer.lock();
    try {
      return index.liveRiders();
    } finally {
      writer.unlock();
    }
  }

  /** How many templates are stored. */
  public int templateCount() {
    writer.lock();
    try {
      return index.liveSlots();
    } finally {
      writer.unlock();
    }
  }

  /** Which dot-product implementation the search runs on (for reports). */
  public String kernel() {
    return index.kernelName();
  }

  /** Whether the first stage reads an inverted partition (else it scans every code). */
  public boolean partitioned() {
    return index.partition() != null;
  }

  /**
   * Sets how deep searches that start after this call look, as the settings' {@code rerank} and
   * {@code partitioning().probes()} (for tuning while serving).
   *
   * @throws IllegalArgumentException if rerank is outside [2, 100000] or probes outside [1, the
   *     lists] (0 when there is no partition)
   */
  public void setSearchDepth(int rerank, int probes) {
    settings.withRerank(rerank).withPartitioning(settings.partitioning().withProbes(probes));
    depth = new Depth(rerank, probes);
  }

  /**
   * Enrols a rider with these templates, replacing any the rider had; searches keep running and
   * find the rider throughout.
   *
   * @throws IllegalArgumentException if there are no templates or more than 16, or one is of
   *     another model or dimension, or not a finite unit vector
   */
  public void enrol(RiderKey rider, List<Template> templates) {
    Objects.requireNonNull(rider, "rider");
    if (templates.isEmpty() || templates.size() > MAX_TEMPLATES) {
      throw new IllegalArgumentException(
          "a rider has 1 to " + MAX_TEMPLATES + " templates, got " + templates.size());
    }
    float[][] units = new float[templates.size()][];
    for (int i = 0; i < units.length; i++) {
      units[i] = check(templates.get(i), "template " + i);
    }
    byte[] key = rider.bytes();
    writer.lock();
    try {
      int r = index.find(key);
      if (r < 0) {
        r = index.addRider(key);
        for (float[] u : units) {
          index.addSlot(r, u);
        }
      } else {
        int[] old = index.replaceSlots(r, units);
        gate.awaitReaders();
        index.releaseSlots(old);
      }
      partitionIfDue();
    } finally {
      writer.unlock();
    }
  }

  /**
   * Trains the partition once the gallery holds enough templates: searches keep using the full code
   * scan until it is published, and the chunks' codes are freed only after a grace period (writer
   * only).
   */
  private void partitionIfDue() {
    Partitioning p = settings.partitioning();
    if (p.enabled() && index.partition() == null && index.liveSlots() >= p.from()) {
      index.trainPartition(p);
      gate.awaitReaders();
      index.dropChunkCodes();
    }
  }

  /**
   * Removes a rider: once this returns, no search returns the rider, and its templates are zeroed.
   *
   * @return whether the rider was enrolled
   */
  public boolean remove(RiderKey rider) {
    Objects.requireNonNull(rider, "rider");
    byte[] key = rider.bytes();
    writer.lock();
    try {
      int r = index.find(key);
      if (r < 0) {
        return false;
      }
      int[] slots = index.unpublishRider(r);
      gate.awaitReaders();
      index.releaseSlots(slots);
      index.releaseRider(r);
      return true;
    } finally {
      writer.unlock();
    }
  }

  /**
   * Decides who a probe is: the best and second-best riders by exact cosine, and the open-set rule.
   *
   * @throws IllegalArgumentException if the probe is of another model or dimension, or not a finite
   *     unit vector
   */
  public Decision decide(Template probe) {
    return search(check(probe, "probe"), false);
  }

  /**
   * Decides as {@link #decide} by an exact scan of every stored template, the reference the
   * approximate search is measured against.
   */
  public Decision decideExactly(Template probe) {
    return search(check(probe, "probe"), true);
  }

  private Decision search(float[] v, boolean exact) {
    int token = gate.enter();
    try {
      int hw = index.highWater();
      Depth d = depth;
      TemplateIndex.TopTwo top = new TemplateIndex.TopTwo();
      Partition part = index.partition();
      List<TemplateIndex.TopTwo> parts;
      if (exact || hw < settings.exactBelow()) {
        int[] cuts = even(hw, hw);
        parts = split(cuts, i -> index.exactScan(v, cuts[i], cuts[i + 1]));
      } else if (part == null) {
        long[] code = index.codes.encode(v);
        int[] cuts = even(hw, hw);
        parts =
            split(
                cuts,
                i ->
                    index.rerank(
                        v,
                        index.nearestCodes(code, cuts[i], cuts[i + 1], d.rerank()),
                        new TemplateIndex.TopTwo()));
      } else {
        long[] code = index.codes.encode(v);
        int[] lists = part.nearestLists(v, d.probes());
        int[] cuts = byEntries(part, lists);
        parts =
            split(
                cuts,
                i ->
                    index.rerank(
                        v,
                        index.nearestCodesIn(part, code, lists, cuts[i], cuts[i + 1], d.rerank()),
                        new TemplateIndex.TopTwo()));
      }
      for (TemplateIndex.TopTwo t : parts) {
        top.merge(t);
      }
      return settings.profile().rule().decide(index.best(top), index.second(top));
    } finally {
      gate.exit(token);
    }
  }

  /** How many parts a search of {@code work} stored templates is split into. */
  private int partsFor(long work, int n) {
    return (int) Math.max(1, Math.min(Math.min(settings.parallelism(), n), work / MIN_PARTITION));
  }

  /**
   * Cuts {@code [0, n)} into equal parts for {@code work} templates: part i is cuts[i]..cuts[i+1].
   */
  private int[] even(int n, long work) {
    int p = partsFor(work, n);
    int[] cuts = new int[p + 1];
    for (int i = 0; i <= p; i++) {
      cuts[i] = (int) ((long) n * i / p);
    }
    return cuts;
  }

  /** Cuts the probed lists into parts of about equal entries (lists are of unequal lengths). */
  private int[] byEntries(Partition part, int[] lists) {
    long work = part.entries(lists, 0, lists.length);
    int p = partsFor(work, lists.length);
    int[] cuts = new int[p + 1];
    long seen = 0;
    int k = 1;
    for (int i = 0; i < lists.length && k < p; i++) {
      seen += part.entries(lists, i, i + 1);
      if (seen * p >= work * k) {
        cuts[k++] = i + 1;
      }
    }
    for (; k <= p; k++) {
      cuts[k] = lists.length;
    }
    return cuts;
  }

  private List<TemplateIndex.TopTwo> split(int[] cuts, WorkSplit.Part<TemplateIndex.TopTwo> part) {
    return WorkSplit.run(
        cuts.length - 1,
        helpers.isPresent() ? helpers.get() : Runnable::run,
        settings.parallelism() - 1,
        part);
  }

  private float[] check(Template t, String what) {
    Objects.requireNonNull(t, what);
    ModelProfile p = settings.profile();
    if (!t.modelId().equals(p.modelId())) {
      throw new IllegalArgumentException(
          what + " is a " + t.modelId() + " template; this gallery holds " + p.modelId());
    }
    if (t.dimension() != p.dimension()) {
      throw new IllegalArgumentException(
          what
              + " has "
              + t.dimension()
              + " dimensions; "
              + p.modelId()
              + " templates have "
              + p.dimension());
    }
    float[] v = t.vector();
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(what + " value " + i + " is " + v[i]);
      }
      norm += (double) v[i] * v[i];
    }
    if (Math.abs(norm - 1) > UNIT_TOLERANCE) {
      throw new IllegalArgumentException(what + " is not unit length (|v|² = " + norm + ")");
    }
    return v;
  }

  /**
   * Writes a snapshot of the gallery, tagged with the source position its state includes, to a
   * temporary file moved into place when complete (adds and removals wait meanwhile; searches do
   * not).
   *
   * @throws IOException if the file cannot be written
   */
  public void writeSnapshot(Path file, long position) throws IOException {
    writer.lock();
    try {
      SnapshotFile.write(file, settings, index, position);
    } finally {
      writer.unlock();
    }
  }

  /** Stops the search helper threads. */
  @Override
  public void close() {
    helpers.ifPresent(ExecutorService::shutdownNow);
  }
}
