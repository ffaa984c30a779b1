package org.facefare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.facefare.face.Template;
import org.facefare.face.eval.MachineInfo;
import org.facefare.face.models.ModelCache;
import org.facefare.gallery.Candidate;
import org.facefare.gallery.Decision;
import org.facefare.gallery.Gallery;
import org.facefare.gallery.GallerySettings;
import org.facefare.gallery.ModelProfile;
import org.facefare.gallery.Partitioning;
import org.facefare.gallery.Precision;
import org.facefare.gallery.RiderKey;
import org.facefare.gallery.TemplateSource;
import org.facefare.sim.SyntheticFaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare bench gallery}: 1:N search over a gallery of {@code --size} riders, side by side
 * with FAISS on the same vectors, probes and thread count.
 *
 * <p>The gallery holds the real templates of the photo sets' identities (first image each; the
 * others are mated probes) and synthetic identities from {@link SyntheticFaces}, fitted to the real
 * genuine and impostor score distributions, which this run re-measures and records. It reports, for
 * FaceFare: recall@1 of the search against its own exact scan, one-probe-at-a-time latency and QPS
 * over {@code --threads} threads, build time, resident memory, adds/s sustained while a thread
 * keeps searching, snapshot write and cold start, the highest impostor score (non-mated probes) and
 * what it means for the threshold, and the exact scan's GB/s against a STREAM-like read of a buffer
 * of the same size. With {@code --lists} above 0 the first stage is the inverted partition, and the
 * search is measured at each {@code --probe-sweep} depth as well as at {@code --probes}. FAISS
 * ({@code bench/src/main/python/faiss_peer.py}) runs flat, HNSW (up to {@code --hnsw-max}),
 * IVF-Flat (the same list count), IVF-PQ and PQ fast-scan, each with exact refinement, each tuned
 * up to the target recall; Lucene's HNSW ({@link LuceneHnswPeer}) runs up to {@code --lucene-max}.
 * Wall-clock figures on a shared machine are noisy: the ratio, from one run, is what to compare.
 */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    description = "1:N gallery search against FAISS on the same vectors and threads.")
final class GalleryBench implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--size", required = true, description = "Enrolled riders.")
  int size;

  @Option(names = "--dim", description = "Dimension (default: ${DEFAULT-VALUE}).")
  int dim = 128;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--queries", description = "Mated probes (default: ${DEFAULT-VALUE}).")
  int queries = 1000;

  @Option(names = "--threads", description = "Threads per search (default: ${DEFAULT-VALUE}).")
  int threads = 2;

  @Option(names = "--precision", description = "INT8 or FLOAT32 (default: ${DEFAULT-VALUE}).")
  Precision precision = Precision.INT8;

  @Option(names = "--rerank", description = "Candidates re-ranked (default: ${DEFAULT-VALUE}).")
  int rerank = GallerySettings.DEFAULT_RERANK;

  @Option(
      names = "--lists",
      description =
          "Inverted lists of the first stage, 0 for a scan of all codes (default: ${DEFAULT-VALUE}).")
  int lists = GallerySettings.DEFAULT_PARTITIONING.lists();

  @Option(
      names = "--partition-from",
      description = "Templates at which the partition is trained (default: ${DEFAULT-VALUE}).")
  int partitionFrom = GallerySettings.DEFAULT_PARTITIONING.from();

  @Option(
      names = "--probes",
      description = "Lists a search reads, for the headline figures (default: ${DEFAULT-VALUE}).")
  int probes = GallerySettings.DEFAULT_PARTITIONING.probes();

  @Option(
      names = "--probe-sweep",
      split = ",",
      description =
          "Further list counts a search reads, each measured (default: ${DEFAULT-VALUE}).")
  List<Integer> probeSweep = List.of(8, 16, 32, 128, 256);

  @Option(
      names = "--recall-sweep",
      split = ",",
      description =
          "Deep operating points LISTS:RERANK (lists read, candidates re-ranked) measured for"
              + " recall@1 >= 0.999 over all mated probes (default: ${DEFAULT-VALUE}).")
  List<String> recallSweep = List.of("4096:4096", "4096:16384", "4096:65536");

  @Option(
      names = "--lucene-max",
      description = "Largest size Lucene's HNSW is built for (default: ${DEFAULT-VALUE}).")
  int luceneMax = 200_000;

  @Option(names = "--adds", description = "Adds while serving (default: ${DEFAULT-VALUE}).")
  int adds = 20_000;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--no-faiss", description = "Skip the FAISS peer.")
  boolean noFaiss;

  @Option(
      names = "--faiss-configs",
      description = "FAISS configurations (default: ${DEFAULT-VALUE}).")
  String faissConfigs = "flat,hnsw,ivfflat,ivfpq,pqfs,ivfpqfs";

  @Option(
      names = "--hnsw-max",
      description = "Largest size FAISS builds HNSW for (default: ${DEFAULT-VALUE}).")
  int hnswMax = 200_000;

  @Option(
      names = "--work",
      description = "Folder for the vector files FAISS reads (default: a temporary folder).")
  Path work;

  @Option(
      names = "--datasets",
      description = "Photo sets (default: $FACEFARE_DATASETS or ../shared/datasets).")
  Path datasets;

  private static final String MODEL = "faceapi-resnet";

  /** The STREAM-like read's sum, kept so that the JIT cannot drop the reads. */
  static volatile long streamChecksum;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Path tmp = work != null ? Files.createDirectories(work) : Files.createTempDirectory("ffgal-");
    ObjectNode fig = JSON.createObjectNode();
    fig.put("size", size);
    fig.put("dim", dim);
    fig.put("precision", precision.name());
    fig.put("threads", threads);
    fig.put("rerank", rerank);
    fig.put("lists", lists);
    fig.put("partition_from", lists > 0 ? partitionFrom : 0);

    // ---- real templates and the profile ----
    Real real = real(fig);
    ModelProfile profile =
        dim == 128
            ? ModelProfile.defaultModel()
            : ModelProfile.of(MODEL + "-" + dim, dim, ModelProfile.DEFAULT_RULE)
                .withCentre(SyntheticFaces.randomCentre(dim, 0.918, seed));
    String model = profile.modelId();
    SyntheticFaces synth = new SyntheticFaces(profile.centre(), seed);
    fig.set("synthetic_scores", JSON.valueToTree(syntheticScores(synth, model)));
    int realRiders = dim == 128 ? real.enrolled.size() : 0;
    if (size <= realRiders) {
      throw new IllegalArgumentException("--size must exceed the " + realRiders + " real riders");
    }

    // ---- build: enrol every rider, writing the same unit vectors for FAISS ----
    GallerySettings settings =
        GallerySettings.of(profile)
            .withPrecision(precision)
            .withRerank(rerank)
            .withParallelism(threads)
            .withPartitioning(
                lists > 0
                    ? new Partitioning(lists, probes, partitionFrom, seed)
                    : Partitioning.NONE);
    Gallery g = Gallery.create(settings);
    Path base = tmp.resolve("base.f32");
    long enrolNanos = 0;
    long slowestAdd = 0;
    System.err.printf("bench gallery: enrolling %,d riders (%d real) ...%n", size, realRiders);
    try (FileChannel ch =
        FileChannel.open(
            base,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
      SplittableRandom r = new SplittableRandom(seed + 1);
      for (int i = 0; i < size; i++) {
        Template t =
            i < realRiders
                ? real.enrolled.get(i)
                : Template.of(model, synth.capture(synth.identity(i), r));
        long t0 = System.nanoTime();
        g.enrol(new RiderKey("r" + i), List.of(t));
        long took = System.nanoTime() - t0;
        enrolNanos += took;
        slowestAdd = Math.max(slowestAdd, took);
        if (buf.remaining() < 4 * dim) {
          write(ch, buf);
        }
        for (float v : t.vector()) {
          buf.putFloat(v);
        }
      }
      write(ch, buf);
    }
    double buildS = enrolNanos / 1e9;
    fig.put("build_s", round(buildS, 2));
    fig.put("build_adds_per_s", Math.round(size / buildS));
    fig.put("slowest_add_s", round(slowestAdd / 1e9, 3));
    fig.put("partitioned", g.partitioned());
    fig.put("kernel", g.kernel());

    // ---- probes: real mated, synthetic mated, synthetic non-mated ----
    List<Template> mated = new ArrayList<>();
    SplittableRandom pr = new SplittableRandom(seed + 2);
    if (realRiders > 0) {
      List<Template> rp = new ArrayList<>(real.probes);
      java.util.Collections.shuffle(rp, new java.util.Random(seed));
      mated.addAll(rp.subList(0, Math.min(rp.size(), queries / 2)));
    }
    int realProbes = mated.size();
    List<Integer> matedRow = new ArrayList<>();
    for (int i = 0; i < realProbes; i++) {
      matedRow.add(real.probeRider.get(real.probes.indexOf(mated.get(i))));
    }
    while (mated.size() < queries) {
      int i = realRiders + pr.nextInt(size - realRiders);
      mated.add(Template.of(model, synth.capture(synth.identity(i), pr)));
      matedRow.add(i);
    }
    List<Template> strangers = new ArrayList<>();
    for (int i = 0; i < Math.max(50, queries / 4); i++) {
      strangers.add(Template.of(model, synth.capture(synth.identity(size + 1L + i), pr)));
    }
    fig.put("mated_probes", mated.size());
    fig.put("mated_probes_real", realProbes);
    fig.put("non_mated_probes", strangers.size());

    // ---- exact reference and exact-scan bandwidth ----
    System.err.println("bench gallery: exact reference scan ...");
    int[] truth = new int[mated.size()];
    Decision[] exactDecisions = new Decision[mated.size()];
    long exactNanos = 0;
    int exactIsMated = 0;
    double[] exactLat = new double[mated.size()];
    for (int i = 0; i < mated.size(); i++) {
      long t0 = System.nanoTime();
      Decision d = g.decideExactly(mated.get(i));
      exactLat[i] = (System.nanoTime() - t0) / 1e6;
      exactNanos += System.nanoTime() - t0;
      truth[i] = row(d.best().orElseThrow());
      exactDecisions[i] = d;
      if (truth[i] == matedRow.get(i)) {
        exactIsMated++;
      }
    }
    fig.put("exact_top1_is_the_mated_rider", round(exactIsMated / (double) mated.size(), 4));
    double exactMs = exactNanos / 1e6 / mated.size();
    long scanned = (long) size * dim * (precision == Precision.INT8 ? 1 : 4);
    double exactGbs = scanned / (exactMs / 1e3) / 1e9;
    fig.put("exact_scan_ms", round(exactMs, 2));
    fig.put("exact_scan_gb_per_s", round(exactGbs, 2));
    fig.put("exact_qps", Math.round(1e3 / exactMs));
    Arrays.sort(exactLat);
    fig.put("exact_p50_ms", round(FaceBench.percentile(exactLat, 50), 3));
    fig.put("exact_p99_ms", round(FaceBench.percentile(exactLat, 99), 3));

    // ---- the search, one probe at a time: the sweep, then the headline depth ----
    if (g.partitioned()) {
      com.fasterxml.jackson.databind.node.ArrayNode sweep = fig.putArray("probe_sweep");
      for (int p : probeSweep) {
        if (p != probes && p <= lists) {
          g.setSearchDepth(rerank, p);
          ObjectNode pt = JSON.createObjectNode();
          pt.put("probes", p);
          searchFigures(g, mated, truth, matedRow, exactDecisions, realProbes, profile, pt);
          sweep.add(pt);
        }
      }
      com.fasterxml.jackson.databind.node.ArrayNode deep = fig.putArray("recall_sweep");
      for (String point : recallSweep) {
        String[] lr = point.split(":");
        int l = Math.min(lists, Integer.parseInt(lr[0].strip()));
        int k = Integer.parseInt(lr[1].strip());
        g.setSearchDepth(k, l);
        ObjectNode pt = JSON.createObjectNode();
        pt.put("probes", l);
        pt.put("rerank", k);
        searchFigures(g, mated, truth, matedRow, exactDecisions, realProbes, profile, pt);
        deep.add(pt);
      }
      g.setSearchDepth(rerank, probes);
      fig.put("probes", probes);
    }
    searchFigures(g, mated, truth, matedRow, exactDecisions, realProbes, profile, fig);
    fig.put(
        "operating_point",
        g.partitioned()
            ? String.format(
                Locale.ROOT, "default: %d of %d lists read, %d re-ranked", probes, lists, rerank)
            : String.format(Locale.ROOT, "full code scan, %d re-ranked", rerank));
    fig.put(
        "contract",
        "recall_at_1, qps, p50_ms, p99_ms and qps_ratio are the operating point's (qps_ratio:"
            + " against FAISS's fastest configuration at equal or higher recall);"
            + " at_recall_0999 holds FaceFare's and FAISS's fastest configurations reaching recall@1"
            + " 0.999 over all mated probes, and their ratio");
    fig.set("at_recall_0999", atTarget(fig, 0.999));
    fig.put("batch_qps", Math.round(batchQps(g, mated, threads)));

    // ---- impostors: the highest score a stranger reaches at this size ----
    double[] top = new double[strangers.size()];
    int strangerMatches = 0;
    for (int i = 0; i < strangers.size(); i++) {
      Decision d = g.decideExactly(strangers.get(i));
      top[i] = d.best().orElseThrow().score();
      if (d instanceof Decision.Match) {
        strangerMatches++;
      }
    }
    Arrays.sort(top);
    fig.put("highest_impostor_score", round(top[top.length - 1], 4));
    fig.put("median_best_impostor_score", round(FaceBench.percentile(top, 50), 4));
    fig.put("non_mated_false_match_rate", round(strangerMatches / (double) strangers.size(), 4));
    fig.put("threshold", profile.rule().threshold());
    fig.put(
        "threshold_note",
        String.format(
            Locale.ROOT,
            "at %,d riders the best impostor of a non-enrolled face scores %.4f (median %.4f);"
                + " the threshold %.4f %s it",
            size,
            top[top.length - 1],
            FaceBench.percentile(top, 50),
            profile.rule().threshold(),
            top[top.length - 1] < profile.rule().threshold() ? "stays above" : "does NOT clear"));

    // ---- adds while serving ----
    addsWhileServing(g, synth, model, mated, fig);
    long rss = peakRssKb() / 1024;
    fig.put("rss_mb", rss);
    fig.put("java_heap_max_mb", Runtime.getRuntime().maxMemory() >> 20);
    memoryFigures(fig);
    // after the memory figure: the STREAM-like read allocates a buffer as large as the index's
    double streamGbs = streamRead(scanned, threads);
    fig.put("stream_read_gb_per_s", round(streamGbs, 2));
    fig.put("exact_scan_fraction_of_stream", round(exactGbs / streamGbs, 3));

    // ---- snapshot and cold start ----
    Path snap = tmp.resolve("gallery.snap");
    long t0 = System.nanoTime();
    g.writeSnapshot(snap, 0);
    fig.put("snapshot_write_s", round((System.nanoTime() - t0) / 1e9, 2));
    fig.put("snapshot_mb", Files.size(snap) >> 20);
    int riders = g.riderCount();
    g.close();
    g = null;
    System.gc();
    t0 = System.nanoTime();
    Gallery.Opened o = Gallery.open(settings, snap, new NoChanges());
    double cold = (System.nanoTime() - t0) / 1e9;
    if (!o.fromSnapshot() || o.gallery().riderCount() != riders) {
      throw new IllegalStateException(
          "cold start did not load the snapshot: " + o.snapshotProblem());
    }
    fig.put("cold_start_s", round(cold, 2));
    o.gallery().close();
    Files.deleteIfExists(snap);

    // ---- Lucene's HNSW and FAISS on the same vectors ----
    if (size <= luceneMax) {
      lucene(fig, base, tmp, mated, truth);
    }
    if (!noFaiss) {
      faiss(fig, base, tmp, mated, truth);
    }
    Files.deleteIfExists(base);
    fig.set("machine", JSON.valueToTree(MachineInfo.collect()));
    JSON.writeValue(out.resolve("figures.json").toFile(), fig);
    Files.writeString(out.resolve("report.md"), report(fig));
    System.err.println(JSON.writeValueAsString(fig));
    if (work == null) {
      try (var s = Files.list(tmp)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
    }
    return 0;
  }

  /**
   * FaceFare's fastest configuration reaching {@code target} recall@1 over all mated probes: a deep
   * point of the recall sweep, or the exact scan (the reference, recall 1 by definition).
   */
  private static ObjectNode atTarget(ObjectNode fig, double target) {
    ObjectNode at = JSON.createObjectNode();
    at.put("target_recall_at_1", target);
    at.put("facefare_config", "exact int8 SIMD scan");
    at.put("facefare_recall_at_1", 1.0);
    at.put("facefare_qps", fig.path("exact_qps").asLong());
    at.put("facefare_p50_ms", fig.path("exact_p50_ms").asDouble());
    at.put("facefare_p99_ms", fig.path("exact_p99_ms").asDouble());
    for (JsonNode p : fig.path("recall_sweep")) {
      if (p.path("recall_at_1").asDouble() >= target
          && p.path("qps").asLong() > at.path("facefare_qps").asLong()) {
        at.put(
            "facefare_config",
            String.format(
                Locale.ROOT,
                "%d lists read, %d re-ranked",
                p.path("probes").asInt(),
                p.path("rerank").asInt()));
        at.put("facefare_recall_at_1", p.path("recall_at_1").asDouble());
        at.put("facefare_qps", p.path("qps").asLong());
        at.put("facefare_p50_ms", p.path("p50_ms").asDouble());
        at.put("facefare_p99_ms", p.path("p99_ms").asDouble());
      }
    }
    return at;
  }

  /** Recall, decisions and one-at-a-time latency of {@code g}'s search, written to {@code fig}. */
  private static void searchFigures(
      Gallery g,
      List<Template> mated,
      int[] truth,
      List<Integer> matedRow,
      Decision[] exactDecisions,
      int realProbes,
      ModelProfile profile,
      ObjectNode fig) {
    for (int i = 0; i < Math.min(200, mated.size()); i++) {
      g.decide(mated.get(i));
    }
    double[] lat = new double[mated.size()];
    double[] cpu = new double[mated.size()];
    java.lang.management.ThreadMXBean threadBean =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long gcCount0 = gcCount();
    long gcMs0 = gcMillis();
    long alloc0 = allocatedBytes();
    int agree = 0;
    int sameDecision = 0;
    int reachable = 0;
    int reachableAgree = 0;
    int reachableSame = 0;
    int matches = 0;
    int realMatches = 0;
    for (int i = 0; i < mated.size(); i++) {
      long c0 = threadBean.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Decision d = g.decide(mated.get(i));
      lat[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (threadBean.getCurrentThreadCpuTime() - c0) / 1e6;
      boolean same = d.best().isPresent() && row(d.best().get()) == truth[i];
      if (same) {
        agree++;
      }
      boolean sameClass =
          d.getClass() == exactDecisions[i].getClass() && (same || d instanceof Decision.NoMatch);
      if (sameClass) {
        sameDecision++;
      }
      if (exactDecisions[i].best().orElseThrow().score() >= profile.rule().threshold()) {
        reachable++;
        if (same) {
          reachableAgree++;
        }
        if (sameClass) {
          reachableSame++;
        }
      }
      if (d instanceof Decision.Match) {
        matches++;
        if (i < realProbes) {
          realMatches++;
        }
      }
    }
    long allocated = allocatedBytes() - alloc0;
    long gcs = gcCount() - gcCount0;
    long gcMs = gcMillis() - gcMs0;
    double qps = mated.size() / (Arrays.stream(lat).sum() / 1e3);
    // the slow tail: how much of each of the 1 % slowest searches the calling thread spent on a CPU
    Integer[] order = new Integer[lat.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(lat[b], lat[a]));
    int tail = Math.max(1, lat.length / 100);
    double tailWall = 0;
    double tailCpu = 0;
    for (int i = 0; i < tail; i++) {
      tailWall += lat[order[i]];
      tailCpu += cpu[order[i]];
    }
    Arrays.sort(cpu);
    Arrays.sort(lat);
    fig.put("recall_at_1", round(agree / (double) mated.size(), 5));
    fig.put("decision_agreement_with_exact", round(sameDecision / (double) mated.size(), 5));
    fig.put("probes_whose_exact_best_reaches_threshold", reachable);
    fig.put(
        "recall_at_1_where_exact_best_reaches_threshold",
        reachable == 0 ? 1.0 : round(reachableAgree / (double) reachable, 5));
    fig.put("decisions_identical_where_exact_best_reaches_threshold", reachableSame);
    fig.put("qps", Math.round(qps));
    fig.put("p50_ms", round(FaceBench.percentile(lat, 50), 3));
    fig.put("p99_ms", round(FaceBench.percentile(lat, 99), 3));
    fig.put("max_ms", round(lat[lat.length - 1], 3));
    fig.put("p99_cpu_ms", round(FaceBench.percentile(cpu, 99), 3));
    fig.put("slowest_1pct_cpu_share", round(tailCpu / tailWall, 3));
    fig.put("allocated_kb_per_search", round(allocated / 1024.0 / mated.size(), 1));
    fig.put("gc_pauses_during_searches", gcs);
    fig.put("gc_ms_during_searches", gcMs);
    fig.put("mated_match_rate", round(matches / (double) mated.size(), 4));
    if (realProbes > 0) {
      fig.put("real_mated_match_rate", round(realMatches / (double) realProbes, 4));
    }
  }

  /**
   * Where the resident memory goes: the heap committed and used now, the heap still live after a
   * full collection (the gallery's own data, plus the bench's probes), and the JVM's memory outside
   * the heap.
   */
  private static void memoryFigures(ObjectNode fig) throws IOException {
    var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
    fig.put("rss_now_mb", currentRssKb() / 1024);
    fig.put("heap_committed_mb", mem.getHeapMemoryUsage().getCommitted() >> 20);
    fig.put("heap_used_mb", mem.getHeapMemoryUsage().getUsed() >> 20);
    fig.put("non_heap_committed_mb", mem.getNonHeapMemoryUsage().getCommitted() >> 20);
    System.gc();
    fig.put("heap_live_mb_after_gc", mem.getHeapMemoryUsage().getUsed() >> 20);
  }

  private static long currentRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("/proc/self/status has no VmRSS line");
  }

  private static long gcCount() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }

  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  /** Bytes allocated by every live thread so far (the search helpers' included). */
  private static long allocatedBytes() {
    var b =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    return Arrays.stream(b.getThreadAllocatedBytes(b.getAllThreadIds())).filter(x -> x > 0).sum();
  }

  private static int row(Candidate c) {
    return Integer.parseInt(c.rider().value().substring(1));
  }

  private static void write(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    buf.clear();
  }

  /** The real templates: first image of each identity enrolled, the others mated probes. */
  private record Real(List<Template> enrolled, List<Template> probes, List<Integer> probeRider) {}

  private Real real(ObjectNode fig) throws IOException {
    Path repo = Path.of(System.getProperty("facefare.repo", ".")).toAbsolutePath().normalize();
    Path data =
        datasets != null
            ? datasets
            : System.getenv("FACEFARE_DATASETS") != null
                ? Path.of(System.getenv("FACEFARE_DATASETS"))
                : repo.resolve("../shared/datasets").normalize();
    List<Template> enrolled = new ArrayList<>();
    List<Template> probes = new ArrayList<>();
    List<float[]> all = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (dim != 128 || !Files.isDirectory(data)) {
      fig.put("real_templates", "none (" + (dim != 128 ? "dimension is not 128" : data) + ")");
      return new Real(enrolled, probes, List.of());
    }
    List<Integer> probeRider = new ArrayList<>();
    for (String set : List.of("att", "celeb-thumbs", "yaleb")) {
      Path folder = data.resolve(set);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      RealEmbeddings e = RealEmbeddings.load(folder, ModelCache.fromEnvironment());
      String last = "";
      for (int i = 0; i < e.vectors().size(); i++) {
        String id = set + "/" + e.identities().get(i);
        Template t = Template.of(MODEL, e.vectors().get(i));
        if (id.equals(last)) {
          probes.add(t);
          probeRider.add(enrolled.size() - 1);
        } else {
          enrolled.add(t);
        }
        last = id;
        all.add(e.vectors().get(i));
        labels.add(id);
      }
    }
    fig.put("real_templates", all.size());
    fig.put("real_identities", enrolled.size());
    fig.set("real_scores", JSON.valueToTree(scores(all, labels)));
    return new Real(enrolled, probes, probeRider);
  }

  /** Genuine and impostor cosine mean and standard deviation over all pairs. */
  private static Map<String, Double> scores(List<float[]> v, List<String> labels) {
    double gs = 0;
    double gss = 0;
    long gn = 0;
    double is = 0;
    double iss = 0;
    long in = 0;
    for (int a = 0; a < v.size(); a++) {
      for (int b = a + 1; b < v.size(); b++) {
        double c = 0;
        float[] x = v.get(a);
        float[] y = v.get(b);
        for (int k = 0; k < x.length; k++) {
          c += x[k] * y[k];
        }
        if (labels.get(a).equals(labels.get(b))) {
          gs += c;
          gss += c * c;
          gn++;
        } else {
          is += c;
          iss += c * c;
          in++;
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("genuine_mean", round(gs / gn, 4));
    m.put("genuine_std", round(Math.sqrt(gss / gn - (gs / gn) * (gs / gn)), 4));
    m.put("impostor_mean", round(is / in, 4));
    m.put("impostor_std", round(Math.sqrt(iss / in - (is / in) * (is / in)), 4));
    return m;
  }

  private static Map<String, Double> syntheticScores(SyntheticFaces s, String model) {
    List<float[]> v = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(7);
    for (int id = 0; id < 300; id++) {
      float[] c = s.identity(1_000_000_000L + id);
      for (int k = 0; k < 4; k++) {
        v.add(Template.of(model, s.capture(c, r)).vector());
        labels.add("s" + id);
      }
    }
    return scores(v, labels);
  }

  /** Reads a buffer of {@code bytes} (in 64k-slot-sized chunks, as the gallery stores) once. */
  private static double streamRead(long bytes, int threads) throws InterruptedException {
    int chunk = 1 << 23;
    int n = (int) ((bytes + 8L * chunk - 1) / (8L * chunk));
    long[][] buf = new long[n][];
    for (int i = 0; i < n; i++) {
      buf[i] = new long[chunk];
      Arrays.fill(buf[i], i);
    }
    double best = 0;
    long[] sink = new long[threads];
    for (int rep = 0; rep < 3; rep++) {
      List<Thread> ts = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread th =
            new Thread(
                () -> {
                  long s = 0;
                  for (int i = id; i < n; i += threads) {
                    long[] a = buf[i];
                    for (long x : a) {
                      s += x;
                    }
                  }
                  sink[id] += s;
                });
        th.start();
        ts.add(th);
      }
      for (Thread th : ts) {
        th.join();
      }
      best = Math.max(best, 8.0 * n * chunk / ((System.nanoTime() - t0) / 1e9) / 1e9);
    }
    streamChecksum = Arrays.stream(sink).sum();
    return best;
  }

  private static double batchQps(Gallery g, List<Template> probes, int threads)
      throws InterruptedException {
    // a batch of probes over `threads` callers; each search then runs on one thread at a time
    List<Thread> ts = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                for (int i = id; i < probes.size(); i += threads) {
                  g.decide(probes.get(i));
                }
              });
      th.start();
      ts.add(th);
    }
    for (Thread th : ts) {
      th.join();
    }
    return probes.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private void addsWhileServing(
      Gallery g, SyntheticFaces synth, String model, List<Template> probes, ObjectNode fig)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<Double> lat = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              int i = 0;
              while (!stop.get()) {
                long t0 = System.nanoTime();
                g.decide(probes.get(i++ % probes.size()));
                lat.add((System.nanoTime() - t0) / 1e6);
              }
            });
    reader.start();
    SplittableRandom r = new SplittableRandom(seed + 3);
    long t0 = System.nanoTime();
    for (int i = 0; i < adds; i++) {
      long id = 2_000_000_000L + i;
      g.enrol(
          new RiderKey("a" + i), List.of(Template.of(model, synth.capture(synth.identity(id), r))));
    }
    double s = (System.nanoTime() - t0) / 1e9;
    stop.set(true);
    reader.join();
    for (int i = 0; i < adds; i += 2) {
      g.remove(new RiderKey("a" + i));
    }
    double[] l = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    fig.put("adds_while_serving", adds);
    fig.put("adds_per_s_while_serving", Math.round(adds / s));
    fig.put("queries_while_adding", l.length);
    fig.put("p99_ms_while_adding", l.length == 0 ? 0 : round(FaceBench.percentile(l, 99), 3));
  }

  private void lucene(ObjectNode fig, Path base, Path tmp, List<Template> mated, int[] truth)
      throws IOException {
    System.err.println("bench gallery: Lucene HNSW on the same vectors ...");
    float[][] rows = new float[size][dim];
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(base)).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      b.asFloatBuffer().get(r);
      b.position(b.position() + 4 * dim);
    }
    float[][] qs = mated.stream().map(Template::vector).toArray(float[][]::new);
    Path dir = Files.createDirectories(tmp.resolve("lucene"));
    Map<String, Object> l = LuceneHnswPeer.run(rows, qs, truth, 32, 100, 0.999, dir);
    fig.set("lucene_hnsw", JSON.valueToTree(l));
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  private void faiss(ObjectNode fig, Path base, Path tmp, List<Template> mated, int[] truth)
      throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("facefare.repo", ".")).toAbsolutePath().normalize();
    Path probes = tmp.resolve("probes.f32");
    ByteBuffer pb = ByteBuffer.allocate(4 * dim * mated.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (Template t : mated) {
      for (float v : t.vector()) {
        pb.putFloat(v);
      }
    }
    Files.write(probes, pb.array());
    ByteBuffer tb = ByteBuffer.allocate(4 * truth.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int t : truth) {
      tb.putInt(t);
    }
    Path truthFile = tmp.resolve("truth.i32");
    Files.write(truthFile, tb.array());
    Path result = tmp.resolve("faiss.json");
    List<String> cmd =
        List.of(
            System.getenv().getOrDefault("FACEFARE_FAISS_PYTHON", "/usr/bin/python3"),
            repo.resolve("bench/src/main/python/faiss_peer.py").toString(),
            "--base",
            base.toString(),
            "--probes",
            probes.toString(),
            "--truth",
            truthFile.toString(),
            "--dim",
            Integer.toString(dim),
            "--threads",
            Integer.toString(threads),
            "--hnsw-max",
            Integer.toString(hnswMax),
            "--configs",
            faissConfigs,
            "--nlist",
            Integer.toString(lists > 0 ? lists : 4096),
            "--out",
            result.toString());
    System.err.println("bench gallery: FAISS on the same vectors ...");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    System.err.print(err);
    if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
      throw new IOException("FAISS peer failed: " + err.strip());
    }
    JsonNode f = JSON.readTree(result.toFile());
    fig.set("faiss", f);
    double ours = fig.path("recall_at_1").asDouble();
    JsonNode best = null;
    JsonNode bestExact = null;
    for (JsonNode pnt : f.path("points")) {
      double r = pnt.path("recall_at_1").asDouble();
      if (r >= ours && (best == null || pnt.path("qps").asDouble() > best.path("qps").asDouble())) {
        best = pnt;
      }
      if (r >= 0.999
          && (bestExact == null || pnt.path("qps").asDouble() > bestExact.path("qps").asDouble())) {
        bestExact = pnt;
      }
    }
    ObjectNode at = (ObjectNode) fig.path("at_recall_0999");
    if (bestExact != null) {
      fig.put("faiss_config_at_0999", bestExact.path("config").asText());
      fig.put("faiss_qps_at_0999", Math.round(bestExact.path("qps").asDouble()));
      fig.put(
          "exact_qps_ratio",
          round(fig.path("exact_qps").asDouble() / bestExact.path("qps").asDouble(), 2));
      at.put("faiss_config", bestExact.path("config").asText());
      at.put("faiss_recall_at_1", bestExact.path("recall_at_1").asDouble());
      at.put("faiss_qps", round(bestExact.path("qps").asDouble(), 1));
      at.put("faiss_p50_ms", round(bestExact.path("p50_ms").asDouble(), 3));
      at.put("faiss_p99_ms", round(bestExact.path("p99_ms").asDouble(), 3));
      at.put("faiss_build_s", round(bestExact.path("build_s").asDouble(), 2));
      double ratio = at.path("facefare_qps").asDouble() / bestExact.path("qps").asDouble();
      at.put("qps_ratio", round(ratio, 2));
      fig.put("qps_ratio_at_0999", round(ratio, 2));
    } else {
      at.put("faiss_config", "no FAISS configuration run reached recall@1 0.999");
    }
    if (best != null) {
      fig.put("faiss_config", best.path("config").asText());
      fig.put("faiss_recall_at_1", best.path("recall_at_1").asDouble());
      fig.put("faiss_qps", Math.round(best.path("qps").asDouble()));
      fig.put("faiss_p50_ms", round(best.path("p50_ms").asDouble(), 3));
      fig.put("faiss_p99_ms", round(best.path("p99_ms").asDouble(), 3));
      fig.put("faiss_build_s", round(best.path("build_s").asDouble(), 2));
      fig.put("faiss_batch_qps", Math.round(best.path("batch_qps").asDouble()));
      fig.put("faiss_rss_mb", f.path("peak_rss_mb").asLong());
      fig.put("qps_ratio", round(fig.path("qps").asDouble() / best.path("qps").asDouble(), 2));
    } else {
      fig.put("faiss_config", "none reached FaceFare's recall");
    }
    Files.deleteIfExists(probes);
    Files.deleteIfExists(truthFile);
  }

  private static String report(ObjectNode fig) {
    StringBuilder s = new StringBuilder("# Gallery search\n\n| figure | value |\n| --- | --- |\n");
    fig.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode()) {
                s.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(e.getValue().asText())
                    .append(" |\n");
              }
            });
    pointsTable(s, "FAISS configurations", fig.path("faiss").path("points"), true);
    pointsTable(s, "Lucene HNSW", fig.path("lucene_hnsw").path("points"), false);
    JsonNode sweep = fig.path("probe_sweep");
    if (sweep.isArray()) {
      s.append("\n## FaceFare, lists read a search\n\n")
          .append("| probes | recall@1 | recall@1 where exact best reaches threshold |")
          .append(" decisions identical | p50 ms | p99 ms | QPS |\n")
          .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (JsonNode p : sweep) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %d | %.4f | %.4f | %.4f | %.3f | %.3f | %d |%n",
                p.path("probes").asInt(),
                p.path("recall_at_1").asDouble(),
                p.path("recall_at_1_where_exact_best_reaches_threshold").asDouble(),
                p.path("decision_agreement_with_exact").asDouble(),
                p.path("p50_ms").asDouble(),
                p.path("p99_ms").asDouble(),
                p.path("qps").asLong()));
      }
    }
    JsonNode deep = fig.path("recall_sweep");
    if (deep.isArray()) {
      s.append("\n## FaceFare, deep operating points (recall@1 over all mated probes)\n\n")
          .append("| lists read | re-ranked | recall@1 | decisions identical | p50 ms | p99 ms |")
          .append(" QPS |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (JsonNode p : deep) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %.4f | %.4f | %.3f | %.3f | %d |%n",
                p.path("probes").asInt(),
                p.path("rerank").asInt(),
                p.path("recall_at_1").asDouble(),
                p.path("decision_agreement_with_exact").asDouble(),
                p.path("p50_ms").asDouble(),
                p.path("p99_ms").asDouble(),
                p.path("qps").asLong()));
      }
    }
    JsonNode at = fig.path("at_recall_0999");
    if (at.isObject()) {
      s.append("\n## At recall@1 >= 0.999\n\n| figure | value |\n| --- | --- |\n");
      at.fields()
          .forEachRemaining(
              e ->
                  s.append("| ")
                      .append(e.getKey())
                      .append(" | ")
                      .append(e.getValue().asText())
                      .append(" |\n"));
    }
    s.append("\n## Machine\n\n");
    fig.path("machine")
        .fields()
        .forEachRemaining(
            e ->
                s.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue().asText())
                    .append('\n'));
    return s.toString();
  }

  /** A peer's measured configurations as a Markdown table (with batch QPS where it has them). */
  private static void pointsTable(StringBuilder s, String title, JsonNode points, boolean batch) {
    if (!points.isArray()) {
      return;
    }
    s.append("\n## ")
        .append(title)
        .append("\n\n| config | recall@1 | p50 ms | p99 ms | QPS |")
        .append(batch ? " batch QPS |" : "")
        .append(" build s |\n| --- | ---: | ---: | ---: | ---: |")
        .append(batch ? " ---: |" : "")
        .append(" ---: |\n");
    for (JsonNode p : points) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.3f | %.3f | %.0f |",
              p.path("config").asText(),
              p.path("recall_at_1").asDouble(),
              p.path("p50_ms").asDouble(),
              p.path("p99_ms").asDouble(),
              p.path("qps").asDouble()));
      if (batch) {
        s.append(String.format(Locale.ROOT, " %.0f |", p.path("batch_qps").asDouble()));
      }
      s.append(String.format(Locale.ROOT, " %.1f |%n", p.path("build_s").asDouble()));
    }
  }

  /** A source of truth with nothing since the snapshot (the bench's cold start). */
  private static final class NoChanges implements TemplateSource {
    @Override
    public long loadAll(ChangeSink sink) {
      throw new IllegalStateException("the bench's snapshot must load");
    }

    @Override
    public long replaySince(long position, ChangeSink sink) {
      return position;
    }
  }

  private static long peakRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("/proc/self/status has no VmHWM line");
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
