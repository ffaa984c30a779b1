package org.facefare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.face.Template;
import org.facefare.face.eval.MachineInfo;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.Decision;
import org.facefare.gallery.ModelProfile;
import org.facefare.gallery.RiderKey;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.protocol.SignedGateRequest;
import org.facefare.gate.transport.AuthorityAnswer;
import org.facefare.gate.transport.AuthorityClient;
import org.facefare.gate.transport.AuthorityHttpServer;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.sim.SyntheticFaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare bench authority}: fare decisions per second and their latency with N enrolled
 * riders, the real PostgreSQL ledger, over real HTTP with signed requests from concurrent gates.
 *
 * <p>The authority is the one {@code facefare authority} runs ({@link FaceFareSystem}: request
 * verification, the gallery's open-set decision, the fare engine, the ledger charge with {@code
 * synchronous_commit} on, the transparency-log append) behind its HTTP endpoint. The gallery holds
 * N synthetic riders ({@link SyntheticFaces}, the same generator as the gallery bench and the
 * demo's crowd; each enrolled as its noise-free identity, as a several-photo enrolment approaches
 * it, and probed with single noisy captures); the riders who ride (20,000 by default, so that each
 * rides a handful of times in a run, as in a real peak, and the fare engine reads a rider's history
 * of that size) have wallets topped up in the sandbox. Each phase warms up for 30 s and then until
 * the JIT has settled (see {@link #warmUp}), and the figures say how much compiling was left. Each
 * gate is a thread sending one signed request at a time (a fresh synthetic capture of a random
 * riding rider), as a turnstile does, all through one client as {@code facefare gate} runs its
 * gates, so the load is closed-loop: decisions/s is what the authority sustains with that many
 * gates waiting on it. Latency is the gate's round trip. The peer in the same run is the gallery
 * alone — the same probes, the same number of threads, no HTTP, signature, ledger or log — which
 * bounds what the authority can reach on these cores, and the whole authority called in process (no
 * HTTP), which together show where the time goes. The load-generating gates run in the authority's
 * JVM (their work — signing, HTTP client — is counted against the same two cores), so resident
 * memory is that JVM's, an upper bound for the authority.
 *
 * <p>The closed loop measures what the authority sustains, but not its latency at a given rate:
 * with a fixed number of gates waiting, the mean latency is that number over the throughput
 * (Little's law), whatever the authority does. So the open-loop phases that follow ({@code
 * --rates}) offer requests at a fixed rate, arriving as a Poisson process as riders do at many
 * gates, and time each from its arrival, not from when a gate got round to sending it, which would
 * hide the waiting (the "coordinated omission" of closed-loop load generators; Tene, "How NOT to
 * Measure Latency", 2015, and wrk2). Their load is {@link OpenLoopLoad}: the same signed requests
 * of the same gates, but signed before the phase, as gates sign on their own hardware, and sent by
 * an asynchronous client, so that the load generator takes as little of the two cores as it can.
 * The bar is read there: at least 2,000 decisions/s sustained, and a p99 of at most 25 ms while
 * 2,000 a second arrive ({@code at_rates.bar_met}).
 */
@Command(
    name = "authority",
    mixinStandardHelpOptions = true,
    description =
        "Fare decisions/s and p50/p99 with N enrolled riders, the PostgreSQL ledger and signed"
            + " HTTP requests from concurrent gates.")
final class AuthorityBench implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--riders", description = "Riders in the gallery (default: ${DEFAULT-VALUE}).")
  int riders = 1_000_000;

  @Option(
      names = "--riding",
      description = "Riders with a wallet, who ride (default: ${DEFAULT-VALUE}).")
  int riding = 20_000;

  @Option(names = "--gates", description = "Concurrent gates (default: ${DEFAULT-VALUE}).")
  int gates = 32;

  @Option(names = "--seconds", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
  int seconds = 30;

  @Option(
      names = "--warmup",
      description =
          "Warm-up seconds at least, then until the JIT settles (default: ${DEFAULT-VALUE}).")
  int warmup = 30;

  @Option(
      names = "--rates",
      split = ",",
      description =
          "Offered rates, decisions/s, of the open-loop phases over HTTP; 0 for none (default:"
              + " ${DEFAULT-VALUE}).")
  List<Integer> rates = List.of(1_000, 1_500, 2_000);

  @Option(
      names = "--rate-connections",
      description =
          "Connections of the open-loop phases: the most requests in flight, the others wait"
              + " (default: ${DEFAULT-VALUE}).")
  int rateConnections = 256;

  @Option(
      names = "--rate-seconds",
      description = "Measured seconds of each open-loop phase (default: ${DEFAULT-VALUE}).")
  int rateSeconds = 30;

  @Option(
      names = "--charge-linger-ms",
      description =
          "How long the ledger's writer holds a charge for others to join its transaction, ms"
              + " (default: the authority's).")
  Double chargeLingerMs;

  @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}.")
  long seed = 2026_12_01L;

  @Option(names = "--data", description = "Data folder (default: a temporary one, deleted).")
  Path data;

  private static final int WALLET_THREADS = 8;

  /** The warm-up's settling steps, seconds. */
  private static final int SETTLE_STEP_S = 5;

  /** The compiler threads' share of the machine below which the JIT counts as settled. */
  private static final double SETTLED_JIT_SHARE = 0.02;

  /** The most warm-up seconds added, past {@code --warmup}, waiting for the JIT to settle. */
  private static final int MAX_EXTRA_WARMUP_S = 120;

  /**
   * The warm-up seconds of each open-loop phase: they follow the closed-loop phase over HTTP, so
   * the code is compiled already and this only lets the queues reach their steady state.
   */
  private static final int RATE_WARMUP_S = 10;

  /** The bars: decisions a second, their p99 at that rate, the authority's memory. */
  private static final int BAR_PER_S = 2_000;

  private static final int BAR_P99_MS = 25;

  private static final int BAR_RSS_MB = 3_072;

  private CpuAccounting cpu;

  private final StageTimes stageTimes = new StageTimes();

  /**
   * What one measured phase gave; {@code preparedSeconds} is how long an open-loop phase's requests
   * took to prepare (-1 for a closed loop).
   */
  private record Phase(
      double perSecond,
      double[] sortedMillis,
      Map<String, Integer> outcomes,
      CpuAccounting.Usage cpu,
      double gateThreadsCpuMs,
      double warmupSeconds,
      double preparedSeconds,
      ObjectNode stages) {

    /**
     * CPU ms per decision: the JVM (and the kernel's share of it), PostgreSQL, the gates' own
     * threads; -1 where unknown. With {@code gatesOnlyLoad} (the gates reach the authority over
     * HTTP, so their threads run nothing of the authority's) also the authority's own share.
     */
    ObjectNode cpuPerDecision(boolean gatesOnlyLoad) {
      double n = perSecond * cpu.wallMs() / 1000;
      ObjectNode o = JSON.createObjectNode();
      o.put("jvm_ms", round3(cpu.jvmMs() / n));
      o.put("jvm_kernel_ms", cpu.jvmKernelMs() < 0 ? -1 : round3(cpu.jvmKernelMs() / n));
      o.put("jvm_jit_ms", cpu.jitMs() < 0 ? -1 : round3(cpu.jitMs() / n));
      o.put("jvm_gc_ms", cpu.gcMs() < 0 ? -1 : round3(cpu.gcMs() / n));
      o.put("postgres_ms", cpu.postgresMs() < 0 ? -1 : round3(cpu.postgresMs() / n));
      o.put("gate_threads_ms", gateThreadsCpuMs < 0 ? -1 : round3(gateThreadsCpuMs / n));
      if (gatesOnlyLoad && gateThreadsCpuMs >= 0 && cpu.postgresMs() >= 0) {
        double authority = (cpu.jvmMs() - gateThreadsCpuMs + cpu.postgresMs()) / n;
        o.put("authority_ms", round3(authority));
        o.put("authority_capacity_on_two_cores_per_s", Math.round(2_000 / authority));
      }
      o.put("machine_busy", Math.round(cpu.machineBusy() * 1000) / 1000.0);
      o.put("warmup_s", Math.round(warmupSeconds));
      if (preparedSeconds >= 0) {
        o.put("prepared_s", Math.round(preparedSeconds * 10) / 10.0);
      }
      return o;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (riders < 1 || riding < 1 || riding > riders || gates < 1 || seconds < 1 || warmup < 0) {
      System.err.println(
          "facefare bench authority: --riders, --riding (≤ riders), --gates, --seconds must be"
              + " positive");
      return 2;
    }
    List<Integer> offered = rates.stream().filter(r -> r != 0).sorted().toList();
    if (offered.stream().anyMatch(r -> r < 0) || rateConnections < 1 || rateSeconds < 1) {
      System.err.println(
          "facefare bench authority: --rates must not be negative, --rate-connections and"
              + " --rate-seconds must be positive");
      return 2;
    }
    if (chargeLingerMs != null
        && !(chargeLingerMs >= 0 && chargeLingerMs <= LedgerSettings.MAX_LINGER.toMillis())) {
      System.err.println(
          "facefare bench authority: --charge-linger-ms must lie in [0, "
              + LedgerSettings.MAX_LINGER.toMillis()
              + "]");
      return 2;
    }
    Files.createDirectories(out);
    Path dir = data != null ? data : Files.createTempDirectory("facefare-bench-authority");
    cpu = new CpuAccounting(dir.resolve("postgres"));
    ModelProfile profile = ModelProfile.defaultModel().withRule(DemoRunner.RULE);
    SyntheticFaces crowd = new SyntheticFaces(profile.centre(), seed);
    ObjectNode fig = JSON.createObjectNode();
    Duration linger =
        chargeLingerMs == null
            ? FaceFareSystem.DEFAULT_CHARGE_LINGER
            : Duration.ofNanos(Math.round(chargeLingerMs * 1e6));
    try (FaceFareSystem system =
        FaceFareSystem.builder(dir)
            .profile(profile)
            .chargeLinger(linger)
            .decisionObserver(stageTimes)
            .open()) {
      long t0 = System.nanoTime();
      float[] centre = profile.centre();
      for (int i = 0; i < riders; i++) {
        // The enrolled template is the identity without capture noise (as an enrolment averaging
        // several photos approaches it); probes are single noisy captures.
        float[] t = crowd.identity(i);
        for (int x = 0; x < t.length; x++) {
          t[x] += centre[x];
        }
        system.gallery().enrol(new RiderKey(id(i)), List.of(Template.of(profile.modelId(), t)));
        if ((i + 1) % 100_000 == 0) {
          System.err.printf("gallery: %,d riders%n", i + 1);
        }
      }
      double enrolSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      openWallets(system);
      double walletSeconds = (System.nanoTime() - t0) / 1e9;
      System.err.printf(
          "enrolled %,d riders in %.1f s; %,d wallets in %.1f s%n",
          riders, enrolSeconds, riding, walletSeconds);
      List<GateSigner> signers = new ArrayList<>();
      List<String> gateIds =
          system.network().gates().stream().map(g -> g.id()).limit(gates).toList();
      if (gateIds.size() < gates) {
        System.err.println(
            "facefare bench authority: the sample network has only " + gateIds.size() + " gates");
        return 2;
      }
      for (String g : gateIds) {
        KeyPair pair = GateSigner.newKeyPair();
        system.gateKeys().register(g, pair.getPublic(), "bench");
        signers.add(new GateSigner(g, pair.getPrivate(), new SecureRandom()));
      }
      Phase galleryOnly =
          run(
              gates,
              warmup,
              seconds,
              (gate, r) -> {
                Template probe = probe(crowd, profile, r);
                return switch (system.gallery().decide(probe)) {
                  case Decision.Match m -> "MATCH";
                  case Decision.NoMatch n -> "NO_MATCH";
                  case Decision.Ambiguous a -> "AMBIGUOUS";
                };
              });
      System.err.printf("gallery alone: %.0f decisions/s%n", galleryOnly.perSecond());
      Phase inProcess =
          run(
              gates,
              warmup,
              seconds,
              (gate, r) ->
                  outcome(system.authority().decide(signed(signers.get(gate), crowd, profile, r))));
      System.err.printf("authority without HTTP: %.0f decisions/s%n", inProcess.perSecond());
      Phase full;
      Map<Integer, Phase> atRates = new TreeMap<>();
      Duration deadline = Duration.ofSeconds(5);
      Duration serverIdle = Duration.ofSeconds(10);
      try (AuthorityHttpServer http =
              AuthorityHttpServer.start(system.authority(), "127.0.0.1", 0, serverIdle);
          OpenLoopLoad load =
              new OpenLoopLoad(http.uri(), rateConnections, serverIdle.dividedBy(2), deadline)) {
        // One client for all the gates, as `facefare gate` runs its gates: one HTTP client, its
        // connection pool and selector thread, one circuit breaker.
        AuthorityClient client =
            new AuthorityClient(
                http.uri(),
                deadline,
                AuthorityClient.defaultBreaker("bench-gates", deadline, Duration.ofSeconds(1)));
        Call overHttp =
            (gate, r) ->
                switch (client.decide(
                    signed(signers.get(gate % signers.size()), crowd, profile, r))) {
                  case AuthorityAnswer.Decided d -> outcome(d.decision());
                  case AuthorityAnswer.Unavailable u -> "UNAVAILABLE";
                };
        full = run(gates, warmup, seconds, overHttp);
        System.err.printf("authority: %.0f decisions/s%n", full.perSecond());
        for (int rate : offered) {
          Phase p = atRate(rate, load, signers, crowd, profile);
          System.err.printf(
              "offered %,d decisions/s: %.0f decided/s, p99 %.1f ms (inside the authority:"
                  + " decision %.1f, charge %.1f, gallery %.1f, verification %.1f)%n",
              rate,
              p.perSecond(),
              FaceBench.percentile(p.sortedMillis(), 99),
              p.stages().path("decision").path("p99_ms").asDouble(),
              p.stages().path("charge").path("p99_ms").asDouble(),
              p.stages().path("gallery").path("p99_ms").asDouble(),
              p.stages().path("verify").path("p99_ms").asDouble());
          atRates.put(rate, p);
        }
      }
      double[] ms = full.sortedMillis();
      fig.put("riders", riders);
      fig.put("riding_riders", riding);
      fig.put("gates", gates);
      fig.put("seconds", seconds);
      fig.put("charge_linger_ms", linger.toNanos() / 1e6);
      fig.put("decisions_per_s", Math.round(full.perSecond()));
      putLatencies(fig, full);
      fig.set("stages_ms", full.stages());
      fig.put(
          "stages_note",
          "the authority's own time a decision (its DecisionObserver), from the request's"
              + " arrival at the authority to the answer: verify (key, signature, clock window,"
              + " nonce), gallery (the open-set decision), charge (the ledger's queue and"
              + " transaction with the log entry; decisions that charged only), decision (the"
              + " whole); the latency outside it (network, HTTP, Jetty's queue) is the rest of"
              + " the gates' latency");
      fig.put(
          "peer", "the gallery alone, same probes and threads (no HTTP, signature, ledger, log)");
      fig.put("peer_decisions_per_s", Math.round(galleryOnly.perSecond()));
      fig.put("peer_p50_ms", round(FaceBench.percentile(galleryOnly.sortedMillis(), 50)));
      fig.put("peer_p99_ms", round(FaceBench.percentile(galleryOnly.sortedMillis(), 99)));
      fig.put(
          "ratio_to_peer", Math.round(full.perSecond() / galleryOnly.perSecond() * 100) / 100.0);
      fig.put("in_process_decisions_per_s", Math.round(inProcess.perSecond()));
      fig.put("in_process_p50_ms", round(FaceBench.percentile(inProcess.sortedMillis(), 50)));
      fig.put("in_process_p99_ms", round(FaceBench.percentile(inProcess.sortedMillis(), 99)));
      fig.set("in_process_stages_ms", inProcess.stages());
      ObjectNode cpuFig = fig.putObject("cpu_per_decision");
      cpuFig.set("authority_over_http", full.cpuPerDecision(true));
      cpuFig.set("authority_in_process", inProcess.cpuPerDecision(false));
      cpuFig.set("gallery_alone", galleryOnly.cpuPerDecision(false));
      cpuFig.put(
          "note",
          "CPU ms per decision in the measured seconds: the whole JVM (authority and the"
              + " load-generating gates; jvm_kernel_ms is the kernel's part of it: sockets,"
              + " wake-ups; jvm_jit_ms and jvm_gc_ms its compiler and collector threads' parts,"
              + " the compiler's near 0 in a steady state), the PostgreSQL server, the gates' own threads (signing,"
              + " probes, the JDK HTTP client's threads); authority_ms = JVM - gate threads +"
              + " PostgreSQL over HTTP (the JVM's GC and compiler threads are all counted to the"
              + " authority), and authority_capacity_on_two_cores_per_s = 2,000 ms / authority_ms, what two"
              + " cores of the authority's own could decide if CPU were the only limit (derived,"
              + " not measured); machine_busy is the share of all cores busy, by anything");
      ObjectNode rateFigures = atRatesFigures(atRates, full);
      rateFigures.put("rate_connections", rateConnections);
      fig.set("at_rates", rateFigures);
      fig.put("rss_mb", currentRssKb() / 1024);
      fig.put("peak_rss_mb", FaceBench.peakRssKb() / 1024);
      fig.put("rss_note", "the whole JVM: authority and the load-generating gates");
      fig.put("gallery_enrol_s", round(enrolSeconds));
      fig.put("reconciliation_ok", system.ledger().reconcile().ok());
      fig.put("bar_decisions_per_s", BAR_PER_S);
      fig.put("bar_p99_ms", BAR_P99_MS);
      fig.put("bar_rss_mb", BAR_RSS_MB);
      fig.set("machine", JSON.valueToTree(MachineInfo.collect()));
      JSON.writeValue(out.resolve("figures.json").toFile(), fig);
      if (!atRates.isEmpty()) {
        LatencyChart.writeAtRates(
            atRates.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
            atRates.values().stream()
                .mapToDouble(p -> FaceBench.percentile(p.sortedMillis(), 50))
                .toArray(),
            atRates.values().stream()
                .mapToDouble(p -> FaceBench.percentile(p.sortedMillis(), 99))
                .toArray(),
            BAR_P99_MS,
            out.resolve("latency-at-rates.png"),
            String.format(
                "Fare authority at offered rates: %,d riders, signed HTTP + ledger", riders));
      }
      LatencyChart.write(
          ms,
          out.resolve("latency.png"),
          String.format(
              "Fare authority: %,d riders, %d gates, signed HTTP + ledger", riders, gates),
          ms.length + " decisions");
    } finally {
      if (data == null) {
        BenchFiles.deleteTree(dir);
      }
    }
    System.out.println(JSON.writeValueAsString(fig));
    return 0;
  }

  /**
   * Opens and funds the riding riders' wallets (those not open yet, so a kept data folder is
   * reused) from eight threads, so that the ledger's commits overlap.
   */
  private void openWallets(FaceFareSystem system) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < WALLET_THREADS; t++) {
      threads.add(
          Thread.ofPlatform()
              .name("bench-wallets-" + t)
              .start(
                  () -> {
                    try {
                      for (int i;
                          (i = next.getAndIncrement()) < riding && failure.get() == null; ) {
                        openWallet(system, new RiderId(id(i)));
                        if ((i + 1) % 5_000 == 0) {
                          System.err.printf("wallets: %,d riders%n", i + 1);
                        }
                      }
                    } catch (RuntimeException e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void openWallet(FaceFareSystem system, RiderId rider) {
    if (system.ledger().wallet(rider).isEmpty()) {
      system.ledger().openWallet(rider, Money.currency("RUB"), "adult");
      system
          .ledger()
          .topUp(
              new TopUpRequest(
                  "bench-" + rider.value(),
                  rider,
                  Money.of(SandboxPaymentProvider.LIMIT_MINOR, "RUB"),
                  SandboxPaymentProvider.APPROVE));
    }
  }

  private SignedGateRequest signed(
      GateSigner s, SyntheticFaces crowd, ModelProfile profile, SplittableRandom r) {
    return s.sign(
        new GateRequest(
            s.gateId(),
            UUID.randomUUID(),
            java.time.Instant.now(),
            s.nonce(),
            probe(crowd, profile, r),
            0.9,
            List.of()));
  }

  private static String outcome(GateDecision d) {
    return d instanceof GateDecision.Deny deny ? deny.reason().name() : "OPEN";
  }

  private static String id(int i) {
    return String.format("b%07d", i);
  }

  private Template probe(SyntheticFaces crowd, ModelProfile profile, SplittableRandom r) {
    int rider = r.nextInt(riding);
    return Template.of(profile.modelId(), crowd.capture(crowd.identity(rider), r.split()));
  }

  /** One gate's call: its index and random source in, the outcome's name out. */
  @FunctionalInterface
  private interface Call {
    String call(int gate, SplittableRandom random) throws Exception;
  }

  /** Runs {@code threads} closed loops for the warm-up then the measured seconds. */
  private Phase run(int threads, int warmupSeconds, int measuredSeconds, Call call)
      throws InterruptedException {
    List<Thread> started = new ArrayList<>();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<Tally> tallies = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(threads);
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int g = 0; g < threads; g++) {
      int gate = g;
      Tally tally = new Tally(1 << 20);
      tallies.add(tally);
      started.add(
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    SplittableRandom r = new SplittableRandom(seed * 31 + gate);
                    try {
                      while (!stop.get()) {
                        long t0 = System.nanoTime();
                        String outcome = call.call(gate, r);
                        double took = (System.nanoTime() - t0) / 1e6;
                        if (measuring.get()) {
                          tally.add(took, outcome);
                        }
                      }
                    } catch (Exception | Error e) {
                      failures.add(e);
                    } finally {
                      done.countDown();
                    }
                  }));
    }
    double warmedFor = warmUp(warmupSeconds);
    measuring.set(true);
    long start = System.nanoTime();
    CpuMark before = mark(started);
    stageTimes.mark();
    Thread.sleep(measuredSeconds * 1000L);
    measuring.set(false);
    double elapsed = (System.nanoTime() - start) / 1e9;
    CpuMark after = mark(started);
    ObjectNode stages = stageTimes.sinceMark();
    stop.set(true);
    done.await();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a gate failed", failures.getFirst());
    }
    Merged m = merge(tallies, "no call finished within the measured seconds");
    return new Phase(
        m.sortedMillis().length / elapsed,
        m.sortedMillis(),
        m.outcomes(),
        after.machine().since(before.machine()),
        after.gateCpuMsSince(before),
        warmedFor,
        -1,
        stages);
  }

  /** The gates' latencies, sorted, and their outcomes' counts. */
  private record Merged(double[] sortedMillis, Map<String, Integer> outcomes) {}

  /** One gate's measured latencies (up to a capacity) and its outcomes' counts. */
  private static final class Tally {

    private final double[] millis;
    private int n;
    private final Map<String, Integer> outcomes = new TreeMap<>();

    Tally(int capacity) {
      millis = new double[capacity];
    }

    void add(double ms, String outcome) {
      if (n < millis.length) {
        millis[n++] = ms;
        outcomes.merge(outcome, 1, Integer::sum);
      }
    }
  }

  /** Merges the gates' tallies; none at all: {@code none}. */
  private static Merged merge(List<Tally> tallies, String none) {
    int total = 0;
    for (Tally t : tallies) {
      total += t.n;
    }
    double[] all = new double[total];
    int k = 0;
    Map<String, Integer> merged = new TreeMap<>();
    for (Tally t : tallies) {
      System.arraycopy(t.millis, 0, all, k, t.n);
      k += t.n;
      t.outcomes.forEach((key, v) -> merged.merge(key, v, Integer::sum));
    }
    Arrays.sort(all);
    if (all.length == 0) {
      throw new IllegalStateException(none);
    }
    return new Merged(all, merged);
  }

  /** Puts a phase's p50, p90, p99 and largest latency, and its outcomes, into {@code o}. */
  private static void putLatencies(ObjectNode o, Phase p) {
    double[] ms = p.sortedMillis();
    o.put("p50_ms", round(FaceBench.percentile(ms, 50)));
    o.put("p90_ms", round(FaceBench.percentile(ms, 90)));
    o.put("p99_ms", round(FaceBench.percentile(ms, 99)));
    o.put("max_ms", round(ms[ms.length - 1]));
    o.set("outcomes", JSON.valueToTree(p.outcomes()));
  }

  /**
   * The CPU clocks at one moment: the machine's, the gates' threads' (-1 if unknown) and the HTTP
   * client's threads'.
   */
  private record CpuMark(CpuAccounting.Reading machine, double gatesMs, double clientMs) {

    /** The gates' CPU ms since {@code before}, their HTTP client's included; -1 if unknown. */
    double gateCpuMsSince(CpuMark before) {
      return before.gatesMs() < 0 || gatesMs < 0
          ? -1
          : gatesMs - before.gatesMs() + (clientMs - before.clientMs());
    }
  }

  private CpuMark mark(List<Thread> gates) {
    // The JDK HTTP client's own threads (its selector and executor) are the gates' side too.
    return new CpuMark(
        cpu.read(), gateThreadsCpuMs(gates), CpuAccounting.namedThreadsCpuMs("HttpClient-"));
  }

  /**
   * The open-loop phases' figures, and whether the bar holds: at least 2,000 decisions/s sustained
   * with a p99 of at most 25 ms while 2,000 a second are offered.
   */
  private static ObjectNode atRatesFigures(Map<Integer, Phase> atRates, Phase closed) {
    ObjectNode o = JSON.createObjectNode();
    o.put(
        "note",
        "open loop: requests arrive at the offered rate (Poisson, whatever the answers), each"
            + " from the next of the gates, signed before the phase starts (prepared_s) and sent at"
            + " its arrival by an asynchronous client over at most rate_connections connections;"
            + " latency is from a request's arrival to its answer, so time waiting for a"
            + " connection or a slow answer counts (no coordinated omission); decided_per_s is"
            + " the answers a second in the measured seconds; gate_threads_ms is the load"
            + " generator's threads (sender, HTTP client)");
    var list = o.putArray("phases");
    for (var e : atRates.entrySet()) {
      Phase p = e.getValue();
      ObjectNode r = list.addObject();
      r.put("offered_per_s", e.getKey());
      r.put("decided_per_s", Math.round(p.perSecond()));
      putLatencies(r, p);
      r.set("stages_ms", p.stages());
      r.set("cpu_per_decision", p.cpuPerDecision(true));
    }
    Phase bar = atRates.get(BAR_PER_S);
    if (bar != null) {
      boolean met =
          closed.perSecond() >= BAR_PER_S
              && bar.perSecond() >= 0.99 * BAR_PER_S
              && FaceBench.percentile(bar.sortedMillis(), 99) <= BAR_P99_MS;
      o.put("bar_met", met);
    }
    return o;
  }

  /** The arrival times of an open-loop phase: a Poisson process, drawn in order. */
  private static final class Arrivals {

    private final SplittableRandom random;
    private final double meanGapNanos;
    private long next;

    Arrivals(int perSecond, long start, long seed) {
      this.random = new SplittableRandom(seed);
      this.meanGapNanos = 1e9 / perSecond;
      this.next = start;
    }

    long next() {
      long due = next;
      next += Math.round(-Math.log(1 - random.nextDouble()) * meanGapNanos);
      return due;
    }
  }

  /**
   * Offers {@code perSecond} signed requests a second for a warm-up then the measured seconds,
   * through {@code load}: each a fresh capture of a random riding rider from the next of the gates,
   * prepared and signed before the phase starts ({@link OpenLoopLoad}), stamped with the time
   * preparing began plus its arrival's offset, so that it is at most the preparing time ahead of
   * the authority's clock, well inside its 30 s window.
   */
  private Phase atRate(
      int perSecond,
      OpenLoopLoad load,
      List<GateSigner> signers,
      SyntheticFaces crowd,
      ModelProfile profile)
      throws InterruptedException {
    long lead = 100_000_000L;
    long measureFrom = lead + RATE_WARMUP_S * 1_000_000_000L;
    long measureTo = measureFrom + rateSeconds * 1_000_000_000L;
    // Arrivals go on a second past the window, so that the load still runs (and its CPU clocks
    // can be read) when it ends.
    Arrivals arrivals = new Arrivals(perSecond, lead, seed * 17 + perSecond);
    List<Long> offsets = new ArrayList<>();
    for (long due; (due = arrivals.next()) < measureTo + 1_000_000_000L; ) {
      offsets.add(due);
    }
    long prepareFrom = System.nanoTime();
    java.time.Instant stampFrom = java.time.Instant.now();
    SignedGateRequest[] prepared = new SignedGateRequest[offsets.size()];
    java.util.stream.IntStream.range(0, prepared.length)
        .parallel()
        .forEach(
            i -> {
              GateSigner s = signers.get(i % signers.size());
              SplittableRandom r = new SplittableRandom(seed * 37 + perSecond * 1_000_003L + i);
              prepared[i] =
                  s.sign(
                      new GateRequest(
                          s.gateId(),
                          UUID.randomUUID(),
                          stampFrom.plusNanos(offsets.get(i)),
                          s.nonce(),
                          probe(crowd, profile, r),
                          0.9,
                          List.of()));
            });
    long start = System.nanoTime();
    System.err.printf(
        "offered %,d decisions/s: %,d requests prepared in %.1f s%n",
        perSecond, prepared.length, (start - prepareFrom) / 1e9);
    List<OpenLoopLoad.Arrival> due = new ArrayList<>(prepared.length);
    for (int i = 0; i < prepared.length; i++) {
      due.add(new OpenLoopLoad.Arrival(start + offsets.get(i), prepared[i]));
    }
    java.util.concurrent.FutureTask<OpenLoopLoad.Outcome> sending =
        new java.util.concurrent.FutureTask<>(
            () -> load.run(due, start + measureFrom, start + measureTo));
    Thread.ofPlatform().daemon().name("bench-open-loop-phase").start(sending);
    sleepUntil(start + measureFrom);
    CpuMark before = openLoopMark();
    stageTimes.mark();
    sleepUntil(start + measureTo);
    CpuMark after = openLoopMark();
    ObjectNode stages = stageTimes.sinceMark();
    OpenLoopLoad.Outcome o;
    try {
      o = sending.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the open-loop load failed", e.getCause());
    }
    if (o.failure() != null) {
      System.err.printf("offered %,d decisions/s: first failure: %s%n", perSecond, o.failure());
    }
    if (o.sortedMillis().length == 0) {
      throw new IllegalStateException("no request arrived within the measured seconds");
    }
    return new Phase(
        o.answeredInWindow() / (rateSeconds * 1.0),
        o.sortedMillis(),
        o.outcomes(),
        after.machine().since(before.machine()),
        after.gateCpuMsSince(before),
        RATE_WARMUP_S,
        (start - prepareFrom) / 1e9,
        stages);
  }

  private CpuMark openLoopMark() {
    return new CpuMark(cpu.read(), CpuAccounting.namedThreadsCpuMs(OpenLoopLoad.THREADS), 0);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    for (long wait; (wait = nanos - System.nanoTime()) > 0; ) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  /**
   * Warms up for at least {@code seconds}, then in steps of {@link #SETTLE_STEP_S} seconds until
   * the JIT has settled — its compiler threads used under {@link #SETTLED_JIT_SHARE} of the machine
   * in the last step — or {@link #MAX_EXTRA_WARMUP_S} more seconds have passed; returns the seconds
   * it took. On two saturated cores the compiler gets a small share of them, so the HTTP path
   * (Jetty, the JDK HTTP client, JDBC) takes a minute or more to compile, and measuring before
   * would count its compiling against the authority.
   */
  private double warmUp(int seconds) throws InterruptedException {
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    int cores = Runtime.getRuntime().availableProcessors();
    for (int extra = 0; extra < MAX_EXTRA_WARMUP_S; extra += SETTLE_STEP_S) {
      CpuAccounting.Reading before = cpu.read();
      Thread.sleep(SETTLE_STEP_S * 1000L);
      CpuAccounting.Usage step = cpu.read().since(before);
      if (step.jitMs() < 0 || step.jitMs() < SETTLED_JIT_SHARE * cores * step.wallMs()) {
        break;
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The CPU ms of the gates' threads so far, or -1 if the JVM does not measure it. */
  private static double gateThreadsCpuMs(List<Thread> threads) {
    double ms = 0;
    for (Thread t : threads) {
      java.util.OptionalLong nanos = CpuAccounting.threadCpuNanos(t.threadId());
      if (nanos.isEmpty()) {
        return -1;
      }
      ms += nanos.getAsLong() / 1e6;
    }
    return ms;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static long currentRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("/proc/self/status has no VmRSS line");
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
