package org.facefare.server.wiring;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.facefare.fares.dispute.postgres.PostgresDisputes;
import org.facefare.fares.engine.FareEngine;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.postgres.PostgresLedger;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.Gallery;
import org.facefare.gallery.GallerySettings;
import org.facefare.gallery.ModelProfile;
import org.facefare.gallery.RiderKey;
import org.facefare.gate.authority.AuthorityPolicy;
import org.facefare.gate.authority.DecisionObserver;
import org.facefare.gate.authority.FareAuthority;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.authority.RequestVerifier;
import org.facefare.gate.authority.postgres.GateDatabase;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.EnrolledTemplate;
import org.facefare.privacy.facepay.FacePay;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.postgres.PrivacyDatabase;
import org.facefare.privacy.retention.MatchStatistics;
import org.facefare.privacy.retention.RetentionJob;
import org.facefare.privacy.staff.StaffLookup;
import org.facefare.privacy.vault.FileRiderKeyStore;
import org.facefare.privacy.vault.MasterKeyRing;
import org.facefare.privacy.vault.TemplateVault;
import org.facefare.server.live.LiveSettings;
import org.facefare.server.live.LiveStatistics;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;

/**
 * One FaceFare fare authority over a data directory: the database, the ledger and fare engine and
 * riders' disputes, the vault and transparency log, the gallery rebuilt from the vault, the gate
 * key register (kept in the database's {@code gate} schema), the authority itself and the live
 * statistics it feeds.
 *
 * <p>The data directory holds {@code postgres/} (the embedded cluster, unless an external URL is
 * given), {@code keys/master.key} (the vault's master key), {@code keys/riders/} (the wrapped
 * per-rider data keys, kept apart from the database so that database backups cannot undo a
 * crypto-shredding erasure) and the Ed25519 signing keys of the log and of erase receipts. Every
 * component reads time from the one injected clock, so a simulation can run the whole system on
 * simulated time.
 */
public final class FaceFareSystem implements AutoCloseable {

  /**
   * How long the charge writer holds a charge for others to join its transaction by default: 2 ms.
   *
   * <p>Rationale. Once a charge transaction was two round trips and new WAL segments no longer
   * stalled commits, the machine's CPU was what the gates' tail waited for, and a third of it was
   * PostgreSQL's, much of it per transaction. In the authority bench at 1M riders
   * (docs/benchmarks.md, "the charge writer's linger, again") a linger made the batches larger and
   * PostgreSQL's CPU a decision at 2,000 a second smaller, by a fifth at 1 ms and by more than a
   * third at 2 ms (0.31, 0.24, 0.20 ms), and the gates' p99 there 34.8 ms without it, 19.1–26.8 ms
   * at 1 ms (three runs) and 17.5 ms at 2 ms; the linger's cost is its length added to the median
   * at low rates (3.2 to 4.1 ms at 1,000 a second). The 3 ms tried with seven round trips a
   * transaction had bettered no latency.
   */
  public static final Duration DEFAULT_CHARGE_LINGER = Duration.ofMillis(2);

  private final List<AutoCloseable> closeables;
  private final Database database;
  private final Network network;
  private final FarePolicy policy;
  private final PostgresLedger ledger;
  private final PostgresDisputes disputes;
  private final TransparencyLog log;
  private final FacePay facePay;
  private final Gallery gallery;
  private final GateKeyRegistry gateKeys;
  private final FareAuthority authority;
  private final LiveStatistics live;
  private final ConsentTexts consentTexts;
  private final int galleryRiders;
  private final int heldForConsent;
  private final PrivacyDatabase privacy;
  private final StaffLookup staffLookup;
  private final PrivacyJobs jobs;

  private FaceFareSystem(Builder b) throws IOException {
    closeables = new ArrayList<>();
    consentTexts = b.consentTexts;
    try {
      SecureRandom random = new SecureRandom();
      Clock clock = b.clock instanceof Clock c ? c : b.clock.withZone(ZoneOffset.UTC);
      Path keys = b.dataDirectory.resolve("keys");
      FareEngine engine = new FareEngine(b.network, b.policy);
      checkRetention(engine, b.retentionPeriod, clock);
      database =
          Database.open(
              b.database != null
                  ? b.database
                  : new DatabaseSettings.Embedded(b.dataDirectory.resolve("postgres"), 0, 24));
      closeables.add(database);
      network = b.network;
      policy = b.policy;
      privacy = PrivacyDatabase.open(database);
      log =
          new TransparencyLog(
              privacy.log(), KeyFiles.signingKey(keys.resolve("log.key"), random), clock, random);
      LoggedCharges loggedCharges = new LoggedCharges(log, privacy, network);
      // One charge writer, not the ledger's default two: each batch's transaction holds the log's
      // append lock until it has committed, so a second writer's commit would only wait for it,
      // and one writer's batches are twice as big (docs/benchmarks.md, "One commit a decision").
      ledger =
          PostgresLedger.open(
              database,
              engine,
              new SandboxPaymentProvider(),
              LedgerSettings.defaults()
                  .withClock(b.clock)
                  .withWriters(1, LedgerSettings.defaults().maxBatch())
                  .withLinger(b.chargeLinger),
              loggedCharges);
      closeables.add(0, ledger);
      disputes = PostgresDisputes.open(database, ledger, b.clock);
      TemplateVault vault =
          new TemplateVault(
              privacy.templates(),
              new FileRiderKeyStore(keys.resolve("riders")),
              new MasterKeyRing(
                  KeyFiles.masterKey("master-1", keys.resolve("master.key"), random), List.of()),
              random,
              clock);
      gallery = Gallery.create(GallerySettings.of(b.profile));
      closeables.add(0, gallery);
      facePay =
          new FacePay(
              b.consentTexts,
              privacy.enrolments(),
              vault,
              List.of(new GalleryMembershipAdapter("main", gallery)),
              KeyFiles.signingKey(keys.resolve("receipts.key"), random),
              clock,
              random);
      heldForConsent = facePay.holdOutdatedConsents();
      int loaded = 0;
      for (EnrolledTemplate t : facePay.enrolledTemplates()) {
        gallery.enrol(new RiderKey(t.rider().value()), List.of(t.template()));
        loaded++;
      }
      galleryRiders = loaded;
      gateKeys = new GateKeyRegistry(b.clock, GateDatabase.open(database).keys());
      live = new LiveStatistics(network, b.clock, b.live);
      authority =
          new FareAuthority(
              new RequestVerifier(gateKeys, b.clock, b.clockWindow),
              new AuthorityPolicy(b.minLiveness),
              b.pause,
              new GalleryRiderMatcher(gallery),
              observed(new LedgerFareCharger(ledger, loggedCharges), b.chargeObserver),
              new LoggedIdentifications(log, network, loggedCharges),
              both(live, b.decisionObserver));
      staffLookup = new StaffLookup(log, clock);
      jobs =
          new PrivacyJobs(
              log,
              new RetentionJob(
                  clock,
                  b.retentionPeriod,
                  List.of(privacy.matchRetention(), new TripRetentionTarget(ledger, network))),
              clock,
              b.treeHeadInterval,
              b.retentionEvery,
              b.jobTick);
      closeables.add(0, jobs);
    } catch (IOException | RuntimeException e) {
      closeQuietly(e);
      throw e;
    }
  }

  /**
   * Refuses a retention period so short that retention would delete trips the fare engine still
   * prices entries from (its longest cap or transfer window).
   */
  private static void checkRetention(FareEngine engine, Duration period, Clock clock) {
    java.time.Instant now = clock.instant();
    java.time.Instant needed = engine.historyFrom(now);
    if (now.minus(period).isAfter(needed)) {
      throw new IllegalArgumentException(
          "the retention period "
              + period
              + " is shorter than the fare policy's look-back (trips back to "
              + needed
              + " price today's entries)");
    }
  }

  /** {@code first}, then {@code then} even if {@code first} failed, told of every decision. */
  private static DecisionObserver both(DecisionObserver first, DecisionObserver then) {
    return new DecisionObserver() {
      @Override
      public void decided(String gateId, GateDecision decision, long elapsedNanos) {
        try {
          first.decided(gateId, decision, elapsedNanos);
        } finally {
          then.decided(gateId, decision, elapsedNanos);
        }
      }

      @Override
      public void decided(String gateId, GateDecision decision, long elapsedNanos, Stages stages) {
        try {
          first.decided(gateId, decision, elapsedNanos, stages);
        } finally {
          then.decided(gateId, decision, elapsedNanos, stages);
        }
      }
    };
  }

  private static org.facefare.gate.authority.FareCharger observed(
      org.facefare.gate.authority.FareCharger charger,
      java.util.function.BiConsumer<java.util.UUID, String> observer) {
    return (requestId, rider, gateId, at) -> {
      observer.accept(requestId, rider);
      return charger.charge(requestId, rider, gateId, at);
    };
  }

  /** A builder over {@code dataDirectory}. */
  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /** The database. */
  public Database database() {
    return database;
  }

  /** The published consent texts riders agree to. */
  public ConsentTexts consentTexts() {
    return consentTexts;
  }

  /** The network. */
  public Network network() {
    return network;
  }

  /** The fare policy the ledger prices with. */
  public FarePolicy policy() {
    return policy;
  }

  /** The ledger. */
  public PostgresLedger ledger() {
    return ledger;
  }

  /** Riders' disputes of charged trips, refunded through the ledger. */
  public PostgresDisputes disputes() {
    return disputes;
  }

  /** The transparency log. */
  public TransparencyLog log() {
    return log;
  }

  /** Consent, enrolment, pause and erasure. */
  public FacePay facePay() {
    return facePay;
  }

  /** The gallery (for enrolment by the system's own flows; it has no listing API). */
  public Gallery gallery() {
    return gallery;
  }

  /**
   * How many active riders were held out of the gallery at start because the consent text changed
   * since they agreed (they return when they accept the current text).
   */
  public int ridersHeldForConsentAtStart() {
    return heldForConsent;
  }

  /** The one way staff reach a single rider's data: a stated reason, logged first. */
  public StaffLookup staffLookup() {
    return staffLookup;
  }

  /** The identification counts per station and hour (no rider ids), for staff. */
  public MatchStatistics matchStatistics() {
    return privacy.matchStatistics();
  }

  /** The tree-head publisher and retention schedules: the latest signed head, publish now. */
  public PrivacyJobs privacyJobs() {
    return jobs;
  }

  /** How many riders were loaded into the gallery from the vault at start. */
  public int ridersLoadedAtStart() {
    return galleryRiders;
  }

  /** The operator's register of gate keys, persisted with its record of who changed what. */
  public GateKeyRegistry gateKeys() {
    return gateKeys;
  }

  /** The fare authority. */
  public FareAuthority authority() {
    return authority;
  }

  /** The live statistics, fed by every authority decision (gates may add their events). */
  public LiveStatistics live() {
    return live;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing FaceFare failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeQuietly(Exception cause) {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  }

  /** The settings of a system. */
  public static final class Builder {
    private final Path dataDirectory;
    private DatabaseSettings database;
    private Network network = Network.sampleMetro();
    private FarePolicy policy = FarePolicy.sampleMetro();
    private ModelProfile profile = ModelProfile.defaultModel();
    private InstantSource clock = Clock.systemUTC();
    private Duration clockWindow = Duration.ofSeconds(30);
    private Duration chargeLinger = DEFAULT_CHARGE_LINGER;
    private double minLiveness = 0.05;
    private org.facefare.gate.authority.FacePayControl pause = gate -> false;
    private java.util.function.BiConsumer<java.util.UUID, String> chargeObserver = (r, p) -> {};
    private DecisionObserver decisionObserver = DecisionObserver.NONE;
    private ConsentTexts consentTexts = ConsentTexts.bundled();
    private LiveSettings live = LiveSettings.defaults();
    private Duration treeHeadInterval = Duration.ofMinutes(15);
    private Duration retentionPeriod = RetentionJob.DEFAULT_PERIOD;
    private Duration retentionEvery = Duration.ofDays(1);
    private Duration jobTick = Duration.ofSeconds(30);

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** An external database instead of the embedded one. */
    public Builder database(DatabaseSettings settings) {
      this.database = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The network (default: the sample metro). */
    public Builder network(Network network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /** The fare policy (default: the sample metro's). */
    public Builder policy(FarePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The gallery's model profile and open-set rule. */
    public Builder profile(ModelProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** The clock every component reads. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How far a gate request's timestamp may be from the authority's clock (default 30 s). */
    public Builder clockWindow(Duration window) {
      this.clockWindow = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * How long the ledger's charge writer may hold a charge for others to join its transaction
     * (default {@link #DEFAULT_CHARGE_LINGER}; zero: none; see {@code LedgerSettings#linger}).
     *
     * @throws IllegalArgumentException if it is negative or above {@link LedgerSettings#MAX_LINGER}
     */
    public Builder chargeLinger(Duration linger) {
      LedgerSettings.defaults().withLinger(linger); // checks the range now, not at open()
      this.chargeLinger = linger;
      return this;
    }

    /** The operator's face-pay pause switch. */
    public Builder pause(org.facefare.gate.authority.FacePayControl pause) {
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /**
     * Told of every charge the authority makes (request id, rider pseudonym) before it is made: the
     * simulator's ground truth for false accepts.
     */
    public Builder chargeObserver(java.util.function.BiConsumer<java.util.UUID, String> observer) {
      this.chargeObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * Told of every decision after the live statistics are, with its stages' times (default: none):
     * the authority bench's stage breakdown.
     */
    public Builder decisionObserver(DecisionObserver observer) {
      this.decisionObserver = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /**
     * The published consent texts (default: those shipped with FaceFare). Riders who agreed to an
     * older version than the current one are held out of the gallery at start until they accept.
     */
    public Builder consentTexts(ConsentTexts texts) {
      this.consentTexts = Objects.requireNonNull(texts, "texts");
      return this;
    }

    /** The live statistics' window (default: one-minute buckets over an hour). */
    public Builder live(LiveSettings settings) {
      this.live = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The longest time between two published signed tree heads (default 15 minutes). */
    public Builder treeHeadInterval(Duration interval) {
      this.treeHeadInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** How long trip and match records are kept (default 90 days). */
    public Builder retentionPeriod(Duration period) {
      this.retentionPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    /** How often retention runs, by the system's clock (default daily). */
    public Builder retentionEvery(Duration every) {
      this.retentionEvery = Objects.requireNonNull(every, "every");
      return this;
    }

    /**
     * How often, in real time, the privacy schedules check whether a head or a retention run is due
     * by the system's clock (default 30 s).
     */
    public Builder jobTick(Duration tick) {
      this.jobTick = Objects.requireNonNull(tick, "tick");
      return this;
    }

    /**
     * Starts the system.
     *
     * @throws IOException if the data directory's key files cannot be read or written
     */
    public FaceFareSystem open() throws IOException {
      return new FaceFareSystem(this);
    }
  }
}
