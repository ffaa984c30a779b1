package org.facefare.server.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceResult;
import org.facefare.face.Template;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.network.Gate;
import org.facefare.fares.network.Network;
import org.facefare.fares.network.Station;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.DecisionRule;
import org.facefare.gallery.ModelProfile;
import org.facefare.gallery.RiderKey;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.GateLoop;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.transport.AuthorityAnswer;
import org.facefare.gate.transport.AuthorityClient;
import org.facefare.gate.transport.AuthorityHttpServer;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.server.live.LiveStatistics;
import org.facefare.server.web.WebApps;
import org.facefare.server.web.WebContext;
import org.facefare.server.web.WebFeature;
import org.facefare.server.web.WebSettings;
import org.facefare.server.web.console.ConsoleFeature;
import org.facefare.server.web.rider.BrowserGates;
import org.facefare.server.web.rider.RiderFeature;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.sim.GateSite;
import org.facefare.sim.MorningPeak;
import org.facefare.sim.Passage;
import org.facefare.sim.PeakReport;
import org.facefare.sim.PeakSettings;
import org.facefare.sim.SimClock;
import org.facefare.sim.SyntheticFaces;
import org.facefare.sim.Traveller;

/**
 * FaceFare's main job: a whole metro with face-pay gates on one machine — the fare authority over
 * the embedded PostgreSQL, riders enrolled with real faces plus a synthetic background crowd,
 * virtual gates on the sample network, and a morning peak replayed through them on a sped-up clock.
 *
 * <p>Real riders enrol with one photo (consent, vault, gallery, wallet, sandbox top-up) and ride
 * with their other photos: each of those passes through a gate's own face pipeline, best-frame
 * track, signed request over HTTP and turnstile. People who never enrolled walk up too and must be
 * refused. The synthetic crowd (templates shaped like the default model's real ones; no photo,
 * labelled as such) loads the gallery to the chosen size and makes the bulk of the passages, which
 * reach the authority as signed requests with a fresh synthetic capture. Ground truth for false
 * accepts comes from the authority's charge observer (which rider each request charged). Simulated
 * time moves a day forward on every run of the same data directory, so trip histories stay in order
 * and a second run reuses the enrolments, wallets and log of the first.
 */
public final class DemoRunner {

  /** The peak window: 07:00 for three hours, busiest at 08:15, in the network's time zone. */
  static final LocalTime PEAK_START = LocalTime.of(7, 0);

  static final Duration PEAK_LENGTH = Duration.ofHours(3);
  static final Duration BUSIEST_AFTER = Duration.ofMinutes(75);
  static final Duration SPREAD = Duration.ofMinutes(35);
  static final Money TOP_UP = Money.of(500_000, "RUB");

  /**
   * The demo's default open-set rule: the default model's threshold at FMR 1e-4 on the combined
   * photo sets as calibrated before the low-light lift (docs/accuracy.md; stricter than FMR 1e-4
   * since, the lift having lowered that threshold to 0.9534) with a 0.01 margin. Measured against a
   * 100,000-rider synthetic crowd, no real face of celeb-thumbs or AT&amp;T scored above 0.9385
   * with any synthetic rider, so the crowd adds no false accepts at this threshold; the gallery's
   * default (FMR 1e-6, 0.9856) would refuse most genuine riders of this embedder.
   */
  public static final DecisionRule RULE = new DecisionRule(0.9624, 0.01);

  /**
   * The score at which two unlabelled sample faces are taken for one person: the celeb-thumbs
   * threshold at FMR 1e-4, below the open-set threshold, so look-alikes are merged rather than
   * split into a rider and a "stranger" the gallery would rightly match.
   */
  static final double SAME_PERSON = 0.9334;

  /**
   * The demo's knobs.
   *
   * @param dataDirectory where everything is kept between runs
   * @param datasets the shared photo sets, if present
   * @param samples the model package's sample photos, the fallback faces
   * @param syntheticRiders the size of the synthetic crowd enrolled in the gallery
   * @param passages passages in the peak
   * @param wallLength how long the peak takes on the wall clock
   * @param realShare the share of passages made by real enrolled riders
   * @param strangerShare the share made by real people who never enrolled
   * @param workers gate worker threads
   * @param seed the seed of the peak and the crowd
   * @param rule the gallery's open-set rule (default {@link #RULE})
   * @param web where the web apps listen; empty for a headless run (the report only)
   */
  public record Settings(
      Path dataDirectory,
      Optional<Path> datasets,
      Path samples,
      int syntheticRiders,
      int passages,
      Duration wallLength,
      double realShare,
      double strangerShare,
      int workers,
      long seed,
      DecisionRule rule,
      Optional<WebSettings> web) {

    /** Checks the settings. */
    public Settings {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(web, "web");
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      Objects.requireNonNull(datasets, "datasets");
      Objects.requireNonNull(samples, "samples");
      Objects.requireNonNull(wallLength, "wallLength");
      if (syntheticRiders < 1) {
        throw new IllegalArgumentException("the synthetic crowd needs at least one rider");
      }
      if (passages < 1) {
        throw new IllegalArgumentException("a peak needs at least one passage");
      }
      if (wallLength.isNegative() || wallLength.isZero()) {
        throw new IllegalArgumentException("the peak's wall-clock length must be positive");
      }
      if (workers < 1) {
        throw new IllegalArgumentException("at least one gate worker is needed");
      }
    }

    /** These settings with the web apps at {@code web} (empty: a headless run). */
    public Settings withWeb(Optional<WebSettings> web) {
      return new Settings(
          dataDirectory,
          datasets,
          samples,
          syntheticRiders,
          passages,
          wallLength,
          realShare,
          strangerShare,
          workers,
          seed,
          rule,
          web);
    }
  }

  private final Settings settings;
  private final FaceEngine engine;
  private final PrintStream out;
  private final boolean interactive;

  /**
   * A runner.
   *
   * @param engine the face engine the gates (and enrolment) use
   * @param out where progress and the report go
   * @param interactive whether {@code out} is a terminal (progress is rewritten in place)
   */
  public DemoRunner(Settings settings, FaceEngine engine, PrintStream out, boolean interactive) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
  }

  /** A gate of the demo: its loop, its turnstile and the events of the passage in progress. */
  private record VirtualGate(
      GateSigner signer, GateLoop loop, Turnstile turnstile, List<GateEvent> events) {}

  /**
   * Runs the demo to the end of the peak (or until interrupted) and returns the report.
   *
   * @throws IOException if the data directory or a photo cannot be read
   */
  public Map<String, Object> run() throws IOException, InterruptedException {
    return run(report -> {});
  }

  /**
   * Runs the demo to the end of the peak (or until interrupted) and hands the report to {@code
   * onReport}; with web apps, they then stay up (on the wall clock) until the thread is
   * interrupted.
   *
   * @throws IOException if the data directory or a photo cannot be read
   */
  public Map<String, Object> run(java.util.function.Consumer<Map<String, Object>> onReport)
      throws IOException, InterruptedException {
    Files.createDirectories(settings.dataDirectory());
    DemoFaces faces =
        settings.datasets().isPresent() && Files.isDirectory(settings.datasets().get())
            ? DemoFaces.fromDatasets(settings.datasets().get(), settings.seed())
            : DemoFaces.fromSamples(settings.samples(), this::usableFaces, SAME_PERSON);
    out.println("faces: " + faces.source());
    Network network = Network.sampleMetro();
    LocalDate day = demoDay(network.timeZone());
    java.time.Instant peakStart = day.atTime(PEAK_START).atZone(network.timeZone()).toInstant();
    double speedUp = PEAK_LENGTH.toNanos() / (double) settings.wallLength().toNanos();
    SimClock clock = new SimClock(peakStart.minus(Duration.ofHours(1)), 1, System::nanoTime);
    Map<UUID, String> charged = new ConcurrentHashMap<>();
    long wallStart = System.nanoTime();
    try (FaceFareSystem system =
        FaceFareSystem.builder(settings.dataDirectory())
            .network(network)
            .clock(clock)
            .clockWindow(Duration.ofSeconds(30).multipliedBy(Math.max(1, Math.round(speedUp))))
            .profile(ModelProfile.defaultModel().withRule(settings.rule()))
            .chargeObserver(charged::put)
            .open()) {
      out.printf(
          "database: %s · %d riders loaded from the vault%n",
          system.database().jdbcUrl(), system.ridersLoadedAtStart());
      Enrolment enrolled = enrolRealRiders(system, faces);
      List<String> synthetic = enrolSyntheticCrowd(system);
      List<GateSite> sites = sites(network);
      PeakSettings peak =
          new PeakSettings(
              peakStart,
              PEAK_LENGTH,
              BUSIEST_AFTER,
              SPREAD,
              settings.passages(),
              Math.max(1, enrolled.riders().size()),
              faces.strangers().size(),
              synthetic.size(),
              enrolled.riders().isEmpty() ? 0 : settings.realShare(),
              settings.strangerShare(),
              settings.seed());
      List<Passage> passages = MorningPeak.schedule(peak, sites);
      openSyntheticWallets(system, passages, synthetic);
      try (AuthorityHttpServer http =
              AuthorityHttpServer.start(
                  system.authority(), "127.0.0.1", 0, Duration.ofSeconds(10));
          WebApps web = startWeb(system, clock)) {
        out.println("fare authority: " + http.uri() + " (POST /v1/gate/decisions)");
        if (web == null) {
          out.println("web apps: off (--headless); this run reports on the terminal");
        } else {
          out.println("rider portal:     " + web.url() + "/");
          out.println(
              "operator console: "
                  + web.url()
                  + "/console  (operator "
                  + WebApps.OPERATOR
                  + " / "
                  + web.staffPassword(WebApps.OPERATOR)
                  + ", auditor "
                  + WebApps.AUDITOR
                  + " / "
                  + web.staffPassword(WebApps.AUDITOR)
                  + ")");
        }
        clock.jumpTo(peakStart, speedUp);
        PeakReport report = new PeakReport();
        replay(system, http, passages, faces, enrolled, synthetic, charged, clock, report);
        Map<String, Object> m = new LinkedHashMap<>(report.toMap("RUB"));
        m.put("faces", faces.source());
        m.put(
            "real_riders_enrolled",
            enrolled.riders().stream().filter(java.util.Objects::nonNull).count());
        m.put("real_enrolment_photos_refused", enrolled.refused());
        m.put("strangers", faces.strangers().size());
        m.put("synthetic_riders", synthetic.size());
        m.put("synthetic_note", "synthetic riders are templates without photos (background crowd)");
        m.put("gallery_riders", system.gallery().riderCount());
        m.put("network", network.name());
        m.put("gates", network.gates().size());
        m.put("simulated_day", day.toString());
        m.put("speed_up", Math.round(speedUp * 10) / 10.0);
        m.put("open_set_threshold", settings.rule().threshold());
        m.put("open_set_margin", settings.rule().margin());
        m.put(
            "clock_window_note",
            "the authority's clock window is 30 s of wall time, scaled by the speed-up");
        m.put("wall_seconds", Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0);
        m.put("reconciliation_ok", system.ledger().reconcile().ok());
        m.put("live_decisions", system.live().network().passages());
        onReport.accept(m);
        if (web != null) {
          // After the peak the network runs on the wall clock, for people trying the web apps.
          clock.runAt(1);
          out.println("the peak is over; the web apps stay up at " + web.url() + "/ until Ctrl-C");
          new java.util.concurrent.CountDownLatch(1).await();
        }
        return m;
      }
    }
  }

  /** The web apps over {@code system}, or null for a headless run. */
  private WebApps startWeb(FaceFareSystem system, SimClock clock) throws IOException {
    if (settings.web().isEmpty()) {
      return null;
    }
    return WebApps.start(
        system, settings.dataDirectory(), settings.web().get(), clock, this::webFeatures);
  }

  /** The demo's web features besides the foundation's pages. */
  private List<WebFeature> webFeatures(WebContext context) {
    return List.of(
        new ConsoleFeature(),
        RiderFeature.over(context.system(), engine::process, context.clock()));
  }

  /**
   * The faces of a group photo that pass the gate's checks when cut out: the most prominent face is
   * found, tried, and blacked out, up to eight times.
   */
  private List<DemoFaces.LocatedFace> usableFaces(Path photo) throws IOException {
    List<DemoFaces.LocatedFace> out = new ArrayList<>();
    org.facefare.face.image.RgbImage image;
    try {
      image = new org.facefare.face.image.ImageDecoder().decode(Files.readAllBytes(photo)).image();
    } catch (ImageDecodeException e) {
      return out;
    }
    int w = image.width();
    byte[] rgb = image.toByteArray();
    for (int attempt = 0; attempt < 8; attempt++) {
      Optional<org.facefare.face.FaceAnalysis.Face> face =
          engine.analyse(org.facefare.face.image.RgbImage.of(w, image.height(), rgb)).face();
      if (face.isEmpty()) {
        break;
      }
      org.facefare.face.detect.Box b = face.get().detection().box();
      int[] r = DemoFaces.cropRegion(b);
      Photo.Cropped crop = new Photo.Cropped(photo, r[0], r[1], r[2], r[3], false);
      try {
        if (engine.process(crop.bytes()) instanceof FaceResult.Ok ok) {
          out.add(new DemoFaces.LocatedFace(b, ok.template()));
        }
      } catch (ImageDecodeException e) {
        break;
      }
      int x0 = (int) Math.max(0, b.left());
      int y0 = (int) Math.max(0, b.top());
      int x1 = (int) Math.min(w, Math.ceil(b.right()));
      int y1 = (int) Math.min(image.height(), Math.ceil(b.bottom()));
      for (int y = y0; y < y1; y++) {
        java.util.Arrays.fill(rgb, (y * w + x0) * 3, (y * w + x1) * 3, (byte) 0);
      }
    }
    return out;
  }

  /** The simulated day of this run: today, or the day after the last run's. */
  private LocalDate demoDay(ZoneId zone) throws IOException {
    Path state = settings.dataDirectory().resolve("demo-day.txt");
    LocalDate today = LocalDate.now(zone);
    LocalDate day = today;
    if (Files.exists(state)) {
      LocalDate last = LocalDate.parse(Files.readString(state).trim());
      if (!last.isBefore(day)) {
        day = last.plusDays(1);
      }
    }
    Files.writeString(state, day.toString());
    return day;
  }

  private record Enrolment(List<String> riders, int refused) {}

  /** Enrols each real rider once per data directory, under a keyed pseudonym of their name. */
  private Enrolment enrolRealRiders(FaceFareSystem system, DemoFaces faces) throws IOException {
    byte[] secret = pseudonymSecret();
    List<String> pseudonyms = new ArrayList<>();
    int refused = 0;
    int done = 0;
    for (DemoFaces.Person person : faces.riders()) {
      String pseudonym = pseudonym(secret, person.id());
      Pseudonym p = new Pseudonym(pseudonym);
      boolean known = system.facePay().state(p).isPresent();
      if (!known) {
        Optional<Template> template = enrolmentTemplate(person.enrolment());
        if (template.isEmpty()) {
          refused++;
          pseudonyms.add(null);
          continue;
        }
        system
            .facePay()
            .enrol(
                p,
                ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
                List.of(template.get()));
      }
      RiderId rider = new RiderId(pseudonym);
      if (system.ledger().wallet(rider).isEmpty()) {
        system.ledger().openWallet(rider, TOP_UP.currency(), "adult");
        system
            .ledger()
            .topUp(
                new TopUpRequest(
                    "demo-initial-" + pseudonym, rider, TOP_UP, SandboxPaymentProvider.APPROVE));
      }
      pseudonyms.add(pseudonym);
      done++;
      progress("enrolling real riders", done + refused, faces.riders().size());
    }
    endProgress();
    out.printf(
        "real riders: %d enrolled, %d enrolment photos refused by the quality checks%n",
        done, refused);
    return new Enrolment(pseudonyms, refused);
  }

  /**
   * The rider's template: the normalised mean of the usable enrolment photos' embeddings (the
   * photos themselves are never stored), or empty when none passed the quality checks.
   */
  private Optional<Template> enrolmentTemplate(List<Photo> photos) throws IOException {
    float[] sum = null;
    String model = null;
    for (Photo photo : photos) {
      FaceResult result;
      try {
        result = engine.process(photo.bytes());
      } catch (ImageDecodeException e) {
        continue;
      }
      if (result instanceof FaceResult.Ok ok) {
        float[] v = ok.template().vector();
        if (sum == null) {
          sum = new float[v.length];
          model = ok.template().modelId();
        }
        for (int i = 0; i < v.length; i++) {
          sum[i] += v[i];
        }
      }
    }
    return sum == null ? Optional.empty() : Optional.of(Template.of(model, sum));
  }

  private byte[] pseudonymSecret() throws IOException {
    Path file = settings.dataDirectory().resolve("keys").resolve("demo-pseudonyms.key");
    if (Files.exists(file)) {
      return HexFormat.of().parseHex(Files.readString(file).trim());
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Files.createDirectories(file.getParent());
    Files.writeString(file, HexFormat.of().formatHex(secret));
    return secret;
  }

  /** A keyed hash of the person's name: the same pseudonym on every run, no name in the system. */
  static String pseudonym(byte[] secret, String personId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] h = mac.doFinal(personId.getBytes(StandardCharsets.UTF_8));
      return "r" + HexFormat.of().formatHex(h, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Enrols the synthetic crowd into the gallery only (no vault, no consent: nobody's face). */
  private List<String> enrolSyntheticCrowd(FaceFareSystem system) {
    ModelProfile profile = ModelProfile.defaultModel();
    SyntheticFaces crowd = new SyntheticFaces(profile.centre(), settings.seed());
    List<String> ids = new ArrayList<>(settings.syntheticRiders());
    for (int i = 0; i < settings.syntheticRiders(); i++) {
      String id = String.format("s%07d", i);
      float[] capture = crowd.capture(crowd.identity(i), new SplittableRandom(settings.seed() + i));
      system.gallery().enrol(new RiderKey(id), List.of(Template.of(profile.modelId(), capture)));
      ids.add(id);
      if (i % 5_000 == 0 || i == settings.syntheticRiders() - 1) {
        progress("enrolling the synthetic crowd", i + 1, settings.syntheticRiders());
      }
    }
    endProgress();
    out.printf("synthetic crowd: %,d riders in the gallery%n", ids.size());
    return ids;
  }

  private void openSyntheticWallets(
      FaceFareSystem system, List<Passage> passages, List<String> synthetic) {
    Set<Integer> riding = new TreeSet<>();
    for (Passage p : passages) {
      if (p.traveller() instanceof Traveller.Synthetic s) {
        riding.add(s.index());
      }
    }
    int done = 0;
    for (int i : riding) {
      RiderId rider = new RiderId(synthetic.get(i));
      if (system.ledger().wallet(rider).isEmpty()) {
        system.ledger().openWallet(rider, TOP_UP.currency(), "adult");
        system
            .ledger()
            .topUp(
                new TopUpRequest(
                    "demo-initial-" + rider.value(),
                    rider,
                    TOP_UP,
                    SandboxPaymentProvider.APPROVE));
      }
      if (++done % 500 == 0 || done == riding.size()) {
        progress("opening wallets of riding synthetic riders", done, riding.size());
      }
    }
    endProgress();
  }

  /**
   * Every gate of the network but those left to the rider portal's "try a gate" ({@link
   * BrowserGates#spareGates}), its station weighted by closeness to the centre.
   */
  static List<GateSite> sites(Network network) {
    Set<String> spare = Set.copyOf(BrowserGates.spareGates(network));
    List<Double> distances = new ArrayList<>();
    for (Station s : network.stations()) {
      distances.add(Math.hypot(s.x(), s.y()));
    }
    distances.sort(Double::compare);
    double median = Math.max(1e-6, distances.get(distances.size() / 2));
    List<GateSite> sites = new ArrayList<>();
    for (Gate g : network.gates()) {
      if (spare.contains(g.id())) {
        continue;
      }
      Station s = network.stationOfGate(g.id());
      double d = Math.hypot(s.x(), s.y()) / median;
      sites.add(new GateSite(g.id(), s.id(), 1 + 4 * Math.exp(-d * d)));
    }
    return sites;
  }

  private void replay(
      FaceFareSystem system,
      AuthorityHttpServer http,
      List<Passage> passages,
      DemoFaces faces,
      Enrolment enrolled,
      List<String> synthetic,
      Map<UUID, String> charged,
      SimClock clock,
      PeakReport report)
      throws InterruptedException {
    Duration deadline = Duration.ofSeconds(2);
    AuthorityClient client =
        new AuthorityClient(
            http.uri(),
            deadline,
            AuthorityClient.defaultBreaker("demo-gates", deadline, Duration.ofSeconds(2)));
    Map<String, VirtualGate> gates = new ConcurrentHashMap<>();
    ModelProfile profile = ModelProfile.defaultModel();
    SyntheticFaces crowd = new SyntheticFaces(profile.centre(), settings.seed());
    Map<Integer, AtomicInteger> photoTurn = new HashMap<>();
    ExecutorService workers = Executors.newFixedThreadPool(settings.workers());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> status(report, passages.size()), 1, interactive ? 1 : 10, TimeUnit.SECONDS);
    try {
      int n = 0;
      for (Passage p : passages) {
        Duration wait = clock.wallTimeUntil(p.at());
        if (!wait.isZero()) {
          Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
        }
        VirtualGate gate =
            gates.computeIfAbsent(p.gateId(), id -> newGate(system, id, client, clock));
        long seq = n++;
        switch (p.traveller()) {
          case Traveller.Enrolled e -> {
            String pseudonym = enrolled.riders().get(e.index());
            DemoFaces.Person person = faces.riders().get(e.index());
            if (pseudonym == null) {
              report.record(PeakReport.Kind.GENUINE, "NOT_ENROLLED", false, false, -1, 0);
              continue;
            }
            int turn =
                photoTurn.computeIfAbsent(e.index(), k -> new AtomicInteger()).getAndIncrement();
            Photo photo = person.rides().get(turn % person.rides().size());
            workers.submit(
                () -> face(gate, photo, PeakReport.Kind.GENUINE, pseudonym, charged, report));
          }
          case Traveller.Unenrolled u -> {
            DemoFaces.Person person = faces.strangers().get(u.index());
            int turn =
                photoTurn
                    .computeIfAbsent(-1 - u.index(), k -> new AtomicInteger())
                    .getAndIncrement();
            Photo photo = person.rides().get(turn % person.rides().size());
            workers.submit(
                () -> face(gate, photo, PeakReport.Kind.IMPOSTOR, null, charged, report));
          }
          case Traveller.Synthetic s -> {
            float[] capture =
                crowd.capture(
                    crowd.identity(s.index()), new SplittableRandom(settings.seed() ^ (seq << 20)));
            Template probe = Template.of(profile.modelId(), capture);
            String expected = synthetic.get(s.index());
            workers.submit(
                () ->
                    template(gate, client, clock, probe, expected, charged, report, system.live()));
          }
        }
      }
    } finally {
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.MINUTES);
      ticker.shutdownNow();
      status(report, passages.size());
      out.println();
    }
  }

  private VirtualGate newGate(
      FaceFareSystem system, String gateId, AuthorityClient client, SimClock clock) {
    KeyPair pair = GateSigner.newKeyPair();
    // The virtual gates make new keys on every run; the register keeps the previous run's.
    if (system.gateKeys().keysOf(gateId).isEmpty()) {
      system.gateKeys().register(gateId, pair.getPublic(), "demo");
    } else {
      system.gateKeys().rotate(gateId, pair.getPublic(), Duration.ZERO, "demo");
    }
    GateSigner signer = new GateSigner(gateId, pair.getPrivate(), new SecureRandom());
    Turnstile turnstile = new Turnstile(clock, Duration.ofSeconds(8), Duration.ofSeconds(1));
    List<GateEvent> events = new ArrayList<>();
    GateLoop loop =
        new GateLoop(
            signer,
            engine::process,
            client::decide,
            turnstile,
            Duration.ZERO,
            clock,
            e -> {
              events.add(e);
              system.live().gateEvent(gateId, e);
            });
    return new VirtualGate(signer, loop, turnstile, events);
  }

  /** A real face walks up: the gate's whole edge pipeline runs on the photo. */
  private void face(
      VirtualGate gate,
      Photo photo,
      PeakReport.Kind kind,
      String expected,
      Map<UUID, String> charged,
      PeakReport report) {
    byte[] frame;
    try {
      frame = photo.bytes();
    } catch (IOException e) {
      report.record(kind, "PHOTO_UNREADABLE", kind == PeakReport.Kind.GENUINE, false, -1, 0);
      return;
    }
    List<GateEvent> events;
    synchronized (gate) {
      waitUntilClosed(gate);
      gate.events().clear();
      gate.loop().onFrame(frame);
      events = List.copyOf(gate.events());
      if (gate.turnstile().state() == Turnstile.State.OPEN) {
        gate.loop().passage();
      }
    }
    recordEvents(events, kind, expected, null, charged, report);
  }

  /** A synthetic rider walks up: a fresh synthetic capture is sent as the gate would send it. */
  private void template(
      VirtualGate gate,
      AuthorityClient client,
      SimClock clock,
      Template probe,
      String expected,
      Map<UUID, String> charged,
      PeakReport report,
      LiveStatistics live) {
    synchronized (gate) {
      waitUntilClosed(gate);
      long t0 = System.nanoTime();
      GateRequest request =
          new GateRequest(
              gate.signer().gateId(),
              UUID.randomUUID(),
              clock.instant(),
              gate.signer().nonce(),
              probe,
              0.9,
              List.of());
      AuthorityAnswer answer = client.decide(gate.signer().sign(request));
      long latency = System.nanoTime() - t0;
      List<GateEvent> events = new ArrayList<>();
      switch (answer) {
        case AuthorityAnswer.Decided d -> {
          events.add(new GateEvent.Decided(d.decision(), Duration.ofNanos(latency)));
          if (d.decision() instanceof GateDecision.Open) {
            events.add(new GateEvent.TurnstileMoved(gate.turnstile().open()));
            events.add(new GateEvent.TurnstileMoved(gate.turnstile().passage()));
          }
        }
        case AuthorityAnswer.Unavailable u ->
            events.add(new GateEvent.Unavailable(u.why(), Duration.ofNanos(latency)));
      }
      events.forEach(e -> live.gateEvent(gate.signer().gateId(), e));
      recordEvents(
          events, PeakReport.Kind.SYNTHETIC, expected, request.requestId(), charged, report);
    }
  }

  private static void waitUntilClosed(VirtualGate gate) {
    for (int i = 0; i < 2_000 && gate.turnstile().state() != Turnstile.State.CLOSED; i++) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      gate.loop().tick();
    }
  }

  private static void recordEvents(
      List<GateEvent> events,
      PeakReport.Kind kind,
      String expected,
      UUID requestId,
      Map<UUID, String> charged,
      PeakReport report) {
    for (GateEvent e : events) {
      switch (e) {
        case GateEvent.Decided d -> {
          long latency = d.latency().toNanos();
          switch (d.decision()) {
            case GateDecision.Open open -> {
              String who = charged.get(open.receipt().requestId());
              boolean wrong = expected != null && !expected.equals(who);
              report.record(kind, "OPEN", false, wrong, latency, open.receipt().fareMinor());
            }
            case GateDecision.Deny deny -> {
              DenyReason r = deny.reason();
              boolean biometric =
                  r == DenyReason.NO_MATCH
                      || r == DenyReason.AMBIGUOUS
                      || r == DenyReason.LOW_QUALITY
                      || r == DenyReason.SPOOF_SUSPECTED;
              String who = requestId == null ? null : charged.get(requestId);
              boolean wrong = who != null && expected != null && !expected.equals(who);
              report.record(kind, r.name(), biometric, wrong, latency, 0);
            }
          }
          return;
        }
        case GateEvent.Unavailable u -> {
          report.record(kind, "UNAVAILABLE", false, false, u.latency().toNanos(), 0);
          return;
        }
        default -> {}
      }
    }
    boolean advised = events.stream().anyMatch(GateEvent.Feedback.class::isInstance);
    report.record(kind, advised ? "GATE_REFUSED_FACE" : "GATE_NO_FACE", true, false, -1, 0);
  }

  private void status(PeakReport report, int total) {
    String line = String.format("peak: %,d/%,d · %s", report.passages(), total, report.summary());
    if (interactive) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  private void progress(String what, long done, long total) {
    if (interactive) {
      out.printf("\r%s: %,d/%,d", what, done, total);
      out.flush();
    } else if (done == total) {
      out.printf("%s: %,d/%,d%n", what, done, total);
    }
  }

  private void endProgress() {
    if (interactive) {
      out.println();
    }
  }
}
