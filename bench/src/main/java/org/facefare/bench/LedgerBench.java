package org.facefare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.facefare.face.eval.MachineInfo;
import org.facefare.fares.Entry;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.Reconciliation;
import org.facefare.fares.ledger.postgres.PostgresLedger;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare bench ledger}: sustained fare charges per second and their latency against the
 * embedded PostgreSQL with a month of history, beside pgbench's TPC-B-like TPS on the same server
 * in the same run.
 *
 * <p>Gates are closed-loop client threads, each charging a random rider at a random gate and
 * waiting for the answer, which comes only after the charge's commit ({@code synchronous_commit}
 * and {@code fsync} on). The ledger batches the charges queued at once into one transaction per
 * writer (group commit). The peer is pgbench's built-in TPC-B-like script ({@code -M prepared}) at
 * several client counts over a scale that gives each client its own branch; the best TPS is the
 * peer. Both run on this machine's cores, which the server shares with the client.
 */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = "Fare charges per second and latency against pgbench's TPS on the same server.")
final class LedgerBench implements Callable<Integer> {

  private static final double P99_BAR_MS = 20;

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The end of the loaded history and the start of the charged entries. */
  static final Instant NOW = Instant.parse("2026-03-31T17:00:00Z");

  /**
   * Server settings for both FaceFare and pgbench, applied with ALTER SYSTEM and a restart: room in
   * memory for the history, and checkpoints spaced beyond the run. Durability is untouched.
   */
  static final java.util.Map<String, String> SERVER =
      java.util.Map.of(
          "shared_buffers", "1GB", "max_wal_size", "16GB", "checkpoint_timeout", "30min");

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--data", description = "PostgreSQL data folder (default: a temporary one).")
  Path data;

  @Option(names = "--riders", description = "Riders (default: ${DEFAULT-VALUE}).")
  int riders = 1_000_000;

  @Option(names = "--days", description = "Days of history (default: ${DEFAULT-VALUE}).")
  int days = 30;

  @Option(
      names = "--trips-per-day",
      description = "Mean trips per rider per day (default: ${DEFAULT-VALUE}).")
  double tripsPerDay = 0.25;

  @Option(
      names = "--gates",
      split = ",",
      description =
          "Concurrent gates, one measured run each (default: 48,64,128); the figures are those of"
              + " the fastest run whose p99 meets the 20 ms bar, else of the fastest run.")
  List<Integer> gates = List.of(48, 64, 128);

  @Option(names = "--writers", description = "Committing writers (default: ${DEFAULT-VALUE}).")
  int writers = 2;

  @Option(names = "--batch", description = "Most charges per commit (default: ${DEFAULT-VALUE}).")
  int batch = 128;

  @Option(names = "--warmup-seconds", description = "Default: ${DEFAULT-VALUE}.")
  int warmupSeconds = 10;

  @Option(names = "--seconds", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
  int seconds = 40;

  @Option(
      names = "--pgbench-clients",
      split = ",",
      description = "pgbench client counts; the best is the peer (default: 8,16,32).")
  List<Integer> pgbenchClients = List.of(8, 16, 32);

  @Option(
      names = "--pgbench-seconds",
      description = "Per client count (default: ${DEFAULT-VALUE}).")
  int pgbenchSeconds = 30;

  @Option(names = "--no-reconcile", description = "Skip the final reconciliation.")
  boolean noReconcile;

  @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Path dir = data != null ? data : Files.createTempDirectory("facefare-ledger-bench-");
    Pgbench.clean(dir);
    Pgbench.checkDisk(dir, estimatedBytes());
    Path pgbench = Pgbench.find();
    LedgerPricing pricing = LedgerPricing.sampleMetro();
    System.err.println("bench ledger: " + pricing.summary() + "; data in " + dir);
    ObjectNode fig = JSON.createObjectNode();
    DatabaseSettings.Embedded settings = new DatabaseSettings.Embedded(dir, 0, writers + 8);
    try (Database db = Database.open(settings)) {
      for (var e : SERVER.entrySet()) {
        sql(db, "ALTER SYSTEM SET " + e.getKey() + " = '" + e.getValue() + "'");
      }
    }
    try (Database db = Database.open(settings);
        PostgresLedger ledger =
            PostgresLedger.open(
                db,
                pricing.pricer(),
                new SandboxPaymentProvider(),
                LedgerSettings.defaults().withWriters(writers, batch))) {
      ledger.openWallet(new RiderId("bench-probe"), pricing.currency(), "adult");
      LedgerHistory.Loaded loaded =
          LedgerHistory.load(db, pricing, riders, days, tripsPerDay, NOW, seed);
      System.err.printf(
          Locale.ROOT,
          "loaded %,d riders, %,d trips, %,d journal entries in %.0f s%n",
          loaded.riders(),
          loaded.trips(),
          loaded.entries(),
          loaded.took().toMillis() / 1e3);
      long v0 = System.nanoTime();
      sql(
          db,
          "VACUUM (ANALYZE) fares.charge",
          "VACUUM (ANALYZE) fares.wallet",
          "VACUUM (ANALYZE) fares.balance",
          "VACUUM (ANALYZE) fares.journal_line",
          "VACUUM (ANALYZE) fares.journal_entry",
          "CHECKPOINT");
      double vacuumS = (System.nanoTime() - v0) / 1e9;
      String dbSize = Pgbench.databaseSize(db);

      List<ObjectNode> curve = new ArrayList<>();
      Run best = null;
      ObjectNode bestPoint = null;
      for (int i = 0; i < gates.size(); i++) {
        int g = gates.get(i);
        Run warm = run(ledger, pricing, g, warmupSeconds, 2 * i + 1);
        long commits0 = commits(db);
        Run run = run(ledger, pricing, g, seconds, 2 * i + 2);
        long commits = commits(db) - commits0;
        Arrays.sort(run.millis());
        ObjectNode point = JSON.createObjectNode();
        point.put("gates", g);
        point.put("charges_per_s", round(run.perSecond()));
        point.put("p50_ms", round(FaceBench.percentile(run.millis(), 50)));
        point.put("p90_ms", round(FaceBench.percentile(run.millis(), 90)));
        point.put("p99_ms", round(FaceBench.percentile(run.millis(), 99)));
        point.put("p999_ms", round(FaceBench.percentile(run.millis(), 99.9)));
        point.put("measured_charges", run.count());
        point.put("commits", commits);
        point.put("charges_per_commit", round(run.count() / (double) Math.max(1, commits)));
        point.put("denied", run.denied());
        point.put("errors", run.errors());
        point.put("warmup_charges_per_s", round(warm.perSecond()));
        curve.add(point);
        System.err.printf(
            Locale.ROOT,
            "facefare, %d gates: %.0f charges/s, p50 %.2f ms, p99 %.2f ms, %.1f charges per"
                + " commit, %d denied, %d errors%n",
            g,
            run.perSecond(),
            point.path("p50_ms").asDouble(),
            point.path("p99_ms").asDouble(),
            point.path("charges_per_commit").asDouble(),
            run.denied(),
            run.errors());
        if (best == null || better(point, run, bestPoint, best)) {
          best = run;
          bestPoint = point;
        }
      }
      double[] ms = best.millis();

      Pgbench.Result peer = Pgbench.run(pgbench, db, pgbenchClients, pgbenchSeconds);
      System.err.printf(
          Locale.ROOT,
          "pgbench: best %.0f TPS at %d clients (%s)%n",
          peer.tps(),
          peer.clients(),
          peer.all());

      fig.put("charges_per_s", bestPoint.path("charges_per_s").asDouble());
      fig.put("p50_ms", bestPoint.path("p50_ms").asDouble());
      fig.put("p90_ms", bestPoint.path("p90_ms").asDouble());
      fig.put("p99_ms", bestPoint.path("p99_ms").asDouble());
      fig.put("p999_ms", bestPoint.path("p999_ms").asDouble());
      fig.put("pgbench_tps", round(peer.tps()));
      fig.put("ratio", Math.round(best.perSecond() / peer.tps() * 100) / 100.0);
      fig.put("riders", loaded.riders());
      fig.put("history_trips", loaded.trips());
      fig.put("history_days", days);
      fig.put("history_entries", loaded.entries());
      fig.put("load_s", round(loaded.took().toMillis() / 1e3));
      fig.put("vacuum_analyze_s", round(vacuumS));
      fig.put("database_size", dbSize);
      fig.put("measured_s", seconds);
      fig.put("gates", bestPoint.path("gates").asInt());
      fig.set("runs", JSON.valueToTree(curve));
      fig.put("writers", writers);
      fig.put("max_batch", batch);
      fig.put("pricer", pricing.description());
      fig.put("pgbench_best_clients", peer.clients());
      fig.put("pgbench_scale", peer.scale());
      fig.set("pgbench_tps_by_clients", JSON.valueToTree(peer.all()));
      fig.put("pgbench_version", peer.version());
      fig.put("synchronous_commit", db.setting("synchronous_commit"));
      fig.put("fsync", db.setting("fsync"));
      fig.put("server_version", db.setting("server_version"));
      for (String k : new java.util.TreeSet<>(SERVER.keySet())) {
        fig.put("server_" + k, db.setting(k));
      }
      if (!noReconcile) {
        long r0 = System.nanoTime();
        Reconciliation rec = ledger.reconcile();
        fig.put("reconciliation_ok", rec.ok());
        fig.put("reconciliation_s", round((System.nanoTime() - r0) / 1e9));
        System.err.println("reconciliation: " + (rec.ok() ? "ok" : rec.mismatches()));
      }
      fig.set("machine", JSON.valueToTree(MachineInfo.collect()));
      JSON.writeValue(out.resolve("figures.json").toFile(), fig);
      LatencyChart.write(
          ms,
          out.resolve("latency.png"),
          "Fare charge latency (submit to committed answer)",
          "charges");
    } finally {
      if (data == null) {
        Pgbench.clean(dir);
        Files.deleteIfExists(dir);
      }
    }
    return 0;
  }

  private long estimatedBytes() {
    double trips = riders * (double) days * tripsPerDay;
    return (long) (riders * 900.0 + trips * 700.0) + (1L << 30);
  }

  /** What a timed run of charges did. */
  record Run(long count, long denied, long errors, double perSecond, double[] millis) {}

  /** Whether {@code a} beats {@code b}: meeting the p99 bar first, then throughput. */
  private static boolean better(ObjectNode a, Run ra, ObjectNode b, Run rb) {
    boolean aMeets = a.path("p99_ms").asDouble() <= P99_BAR_MS;
    boolean bMeets = b.path("p99_ms").asDouble() <= P99_BAR_MS;
    if (aMeets != bMeets) {
      return aMeets;
    }
    return ra.perSecond() > rb.perSecond();
  }

  private Run run(PostgresLedger ledger, LedgerPricing pricing, int gates, int secs, int pass)
      throws InterruptedException {
    AtomicLong count = new AtomicLong();
    AtomicLong denied = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Latencies> lat = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(secs).toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int g = 0; g < gates; g++) {
      int gate = g;
      Latencies mine = new Latencies();
      lat.add(mine);
      threads.add(
          Thread.ofPlatform()
              .name("gate-" + g)
              .start(
                  () -> {
                    SplittableRandom random =
                        new SplittableRandom(seed * 1_000 + pass * 100_000 + gate);
                    long k = 0;
                    while (true) {
                      long t0 = System.nanoTime();
                      if (t0 >= end) {
                        return;
                      }
                      RiderId rider = new RiderId("rider-" + random.nextInt(riders));
                      String gateId = pricing.gates().get(random.nextInt(pricing.gates().size()));
                      Instant at = NOW.plusNanos(t0 - start).plusSeconds(pass * 3_600L);
                      ChargeRequest req =
                          new ChargeRequest(
                              "p" + pass + "-g" + gate + "-" + k++, rider, new Entry(gateId, at));
                      try {
                        ChargeResult r = ledger.charge(req);
                        if (r instanceof ChargeResult.Denied) {
                          denied.incrementAndGet();
                        }
                        count.incrementAndGet();
                        mine.add((System.nanoTime() - t0) / 1e6);
                      } catch (LedgerException e) {
                        errors.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double took = (System.nanoTime() - start) / 1e9;
    double[] all = new double[lat.stream().mapToInt(Latencies::size).sum()];
    int at = 0;
    for (Latencies l : lat) {
      at = l.copyInto(all, at);
    }
    return new Run(count.get(), denied.get(), errors.get(), count.get() / took, all);
  }

  /** One gate's latencies, in milliseconds. */
  private static final class Latencies {
    private double[] values = new double[4_096];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    int copyInto(double[] all, int at) {
      System.arraycopy(values, 0, all, at, size);
      return at + size;
    }
  }

  /** Transactions committed in the benchmark's database so far. */
  private static long commits(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void sql(Database db, String... statements) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
