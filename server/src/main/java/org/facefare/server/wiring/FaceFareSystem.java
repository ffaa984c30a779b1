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
import org.facefare.gate.authority.FareAuthority;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.authority.RequestVerifier;
import org.facefare.gate.authority.postgres.GateDatabase;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.EnrolledTemplate;
import org.facefare.privacy.facepay.FacePay;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.postgres.PrivacyDatabase;
import org.facefare.privacy.vault.FileRiderKeyStore;
import org.facefare.privacy.vault.MasterKeyRing;
import org.facefare.privacy.vault.TemplateVault;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;

/**
 * One FaceFare fare authority over a data directory: the database, the ledger and fare engine, the
 * vault and transparency log, the gallery rebuilt from the vault, the gate key register (kept in
 * the database's {@code gate} schema) and the authority itself.
 *
 * <p>The data directory holds {@code postgres/} (the embedded cluster, unless an external URL is
 * given), {@code keys/master.key} (the vault's master key), {@code keys/riders/} (the wrapped
 * per-rider data keys, kept apart from the database so that database backups cannot undo a
 * crypto-shredding erasure) and the Ed25519 signing keys of the log and of erase receipts. Every
 * component reads time from the one injected clock, so a simulation can run the whole system on
 * simulated time.
 */
public final class FaceFareSystem implements AutoCloseable {

  private final List<AutoCloseable> closeables;
  private final Database database;
  private final Network network;
  private final PostgresLedger ledger;
  private final TransparencyLog log;
  private final FacePay facePay;
  private final Gallery gallery;
  private final GateKeyRegistry gateKeys;
  private final FareAuthority authority;
  private final int galleryRiders;

  private FaceFareSystem(Builder b) throws IOException {
    closeables = new ArrayList<>();
    try {
      SecureRandom random = new SecureRandom();
      Clock clock = b.clock instanceof Clock c ? c : b.clock.withZone(ZoneOffset.UTC);
      Path keys = b.dataDirectory.resolve("keys");
      database =
          Database.open(
              b.database != null
                  ? b.database
                  : new DatabaseSettings.Embedded(b.dataDirectory.resolve("postgres"), 0, 24));
      closeables.add(database);
      network = b.network;
      ledger =
          PostgresLedger.open(
              database,
              new FareEngine(network, b.policy),
              new SandboxPaymentProvider(),
              LedgerSettings.defaults().withClock(b.clock));
      closeables.add(0, ledger);
      PrivacyDatabase privacy = PrivacyDatabase.open(database);
      TemplateVault vault =
          new TemplateVault(
              privacy.templates(),
              new FileRiderKeyStore(keys.resolve("riders")),
              new MasterKeyRing(
                  KeyFiles.masterKey("master-1", keys.resolve("master.key"), random), List.of()),
              random,
              clock);
      log =
          new TransparencyLog(
              privacy.log(), KeyFiles.signingKey(keys.resolve("log.key"), random), clock, random);
      gallery = Gallery.create(GallerySettings.of(b.profile));
      closeables.add(0, gallery);
      facePay =
          new FacePay(
              ConsentTexts.bundled(),
              privacy.enrolments(),
              vault,
              List.of(new GalleryMembershipAdapter("main", gallery)),
              KeyFiles.signingKey(keys.resolve("receipts.key"), random),
              clock,
              random);
      int loaded = 0;
      for (EnrolledTemplate t : facePay.enrolledTemplates()) {
        gallery.enrol(new RiderKey(t.rider().value()), List.of(t.template()));
        loaded++;
      }
      galleryRiders = loaded;
      gateKeys = new GateKeyRegistry(b.clock, GateDatabase.open(database).keys());
      authority =
          new FareAuthority(
              new RequestVerifier(gateKeys, b.clock, b.clockWindow),
              new AuthorityPolicy(b.minLiveness),
              b.pause,
              new GalleryRiderMatcher(gallery),
              observed(new LedgerFareCharger(ledger), b.chargeObserver),
              new LoggedIdentifications(log, network));
    } catch (IOException | RuntimeException e) {
      closeQuietly(e);
      throw e;
    }
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

  /** The network. */
  public Network network() {
    return network;
  }

  /** The ledger. */
  public PostgresLedger ledger() {
    return ledger;
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
    private double minLiveness = 0.05;
    private org.facefare.gate.authority.FacePayControl pause = gate -> false;
    private java.util.function.BiConsumer<java.util.UUID, String> chargeObserver = (r, p) -> {};

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
     * Starts the system.
     *
     * @throws IOException if the data directory's key files cannot be read or written
     */
    public FaceFareSystem open() throws IOException {
      return new FaceFareSystem(this);
    }
  }
}
