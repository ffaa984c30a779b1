package org.facefare.gate.authority;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator's register of gates' Ed25519 public keys: register, rotate with an overlap, revoke,
 * each change kept with who made it and when.
 *
 * <p>A rotation makes the new key current at once and keeps the old one valid for a stated overlap
 * so that requests signed just before the switch still verify; revocation ends every key of the
 * gate immediately, and a revoked gate may be registered again with a new key (a replaced or
 * re-imaged gate). Every change is written to the {@link GateKeyStore} (with its record of who and
 * when) before it takes effect, so a change that could not be stored never happens; requests are
 * verified against the copy held in memory, so a gate request never waits on the database. The
 * register is the only writer of its store while it runs: a change another process made in the
 * meantime is detected ({@link ConcurrentGateKeyChangeException}) rather than overwritten, and is
 * seen after a restart. Time comes from the injected {@link InstantSource}. Fingerprints follow
 * OpenSSH's style: {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's X.509
 * (SubjectPublicKeyInfo) encoding.
 */
public final class GateKeyRegistry {

  /** Who a change is recorded as made by when the caller names nobody. */
  public static final String UNATTRIBUTED = "unattributed";

  private static final Pattern GATE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final int MAX_ACTOR = 200;

  private final InstantSource clock;
  private final GateKeyStore store;
  private final Map<String, RegisteredGate> gates = new ConcurrentHashMap<>();

  /** An empty register kept in memory only. */
  public GateKeyRegistry(InstantSource clock) {
    this(clock, GateKeyStore.inMemory());
  }

  /** The register kept in {@code store}, loaded from it. */
  public GateKeyRegistry(InstantSource clock, GateKeyStore store) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = Objects.requireNonNull(store, "store");
    for (RegisteredGate g : store.load()) {
      gates.put(g.gateId(), g);
    }
  }

  /** Reads an X.509 (SubjectPublicKeyInfo) encoded Ed25519 public key. */
  public static PublicKey publicKey(byte[] x509) {
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an X.509-encoded Ed25519 public key", e);
    }
  }

  /** The key's fingerprint, e.g. {@code SHA256:q3v…} (43 base64 characters). */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /**
   * Registers a new gate, recorded as {@link #UNATTRIBUTED}; see {@link #register(String,
   * PublicKey, String)}.
   */
  public void register(String gateId, PublicKey key) {
    register(gateId, key, UNATTRIBUTED);
  }

  /**
   * Registers a new gate, or a revoked one again with a new key.
   *
   * @param by who registers it
   * @throws IllegalArgumentException if the gate id is not valid, the gate is registered and not
   *     revoked, or the key is not Ed25519
   */
  public synchronized void register(String gateId, PublicKey key, String by) {
    checkGateId(gateId);
    checkKey(key);
    checkActor(by);
    RegisteredGate old = gates.get(gateId);
    if (old != null && !old.revoked()) {
      throw new IllegalArgumentException(
          "gate " + gateId + " is already registered: rotate its key instead");
    }
    Instant now = now();
    apply(
        old,
        new RegisteredGate(
            gateId,
            key,
            Optional.empty(),
            Optional.empty(),
            false,
            now,
            by,
            old == null ? 1 : old.version() + 1),
        new GateKeyChange(
            gateId, GateKeyChange.Action.REGISTER, fingerprint(key), Optional.empty(), now, by));
  }

  /**
   * Rotates a gate's key, recorded as {@link #UNATTRIBUTED}; see {@link #rotate(String, PublicKey,
   * Duration, String)}.
   */
  public void rotate(String gateId, PublicKey newKey, Duration overlap) {
    rotate(gateId, newKey, overlap, UNATTRIBUTED);
  }

  /**
   * Makes {@code newKey} the gate's key, accepting the old one for {@code overlap} more.
   *
   * @param by who rotates it
   * @throws IllegalArgumentException if the gate is unknown or revoked, the key is not Ed25519 or
   *     is the current one, or the overlap is negative
   */
  public synchronized void rotate(String gateId, PublicKey newKey, Duration overlap, String by) {
    checkKey(newKey);
    checkActor(by);
    Objects.requireNonNull(overlap, "overlap");
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("overlap must not be negative: " + overlap);
    }
    RegisteredGate old = gates.get(gateId);
    if (old == null || old.revoked()) {
      throw new IllegalArgumentException(
          "gate "
              + gateId
              + (old == null ? " is not registered" : " is revoked: register it again"));
    }
    if (old.current().equals(newKey)) {
      throw new IllegalArgumentException("gate " + gateId + " already uses this key");
    }
    Instant now = now();
    Instant until = now.plus(overlap).truncatedTo(ChronoUnit.MICROS);
    apply(
        old,
        new RegisteredGate(
            gateId,
            newKey,
            Optional.of(old.current()),
            Optional.of(until),
            false,
            now,
            by,
            old.version() + 1),
        new GateKeyChange(
            gateId, GateKeyChange.Action.ROTATE, fingerprint(newKey), Optional.of(until), now, by));
  }

  /** Revokes a gate, recorded as {@link #UNATTRIBUTED}; see {@link #revoke(String, String)}. */
  public boolean revoke(String gateId) {
    return revoke(gateId, UNATTRIBUTED);
  }

  /**
   * Revokes every key of the gate: its requests are refused from now on.
   *
   * @param by who revokes it
   * @return whether the gate was registered and not yet revoked
   */
  public synchronized boolean revoke(String gateId, String by) {
    checkActor(by);
    RegisteredGate old = gates.get(gateId);
    if (old == null || old.revoked()) {
      return false;
    }
    Instant now = now();
    apply(
        old,
        new RegisteredGate(
            gateId,
            old.current(),
            Optional.empty(),
            Optional.empty(),
            true,
            now,
            by,
            old.version() + 1),
        new GateKeyChange(
            gateId,
            GateKeyChange.Action.REVOKE,
            fingerprint(old.current()),
            Optional.empty(),
            now,
            by));
    return true;
  }

  /** The keys a request from {@code gateId} may be signed with now (empty: unknown or revoked). */
  public List<PublicKey> keysOf(String gateId) {
    RegisteredGate gate = gates.get(gateId);
    if (gate == null || gate.revoked()) {
      return List.of();
    }
    if (gate.previous().isPresent() && clock.instant().isBefore(gate.previousUntil().get())) {
      return List.of(gate.current(), gate.previous().get());
    }
    return List.of(gate.current());
  }

  /** Every gate in the register, revoked ones included, by gate id. */
  public List<GateKeyListing> gates() {
    Instant now = now();
    List<GateKeyListing> out = new ArrayList<>();
    for (RegisteredGate g : gates.values()) {
      out.add(listing(g, now));
    }
    out.sort(Comparator.comparing(GateKeyListing::gateId));
    return out;
  }

  /** One gate's listing, if the register has it. */
  public Optional<GateKeyListing> gate(String gateId) {
    return Optional.ofNullable(gates.get(gateId)).map(g -> listing(g, clock.instant()));
  }

  /** Every change made to {@code gateId}'s keys, oldest first. */
  public List<GateKeyChange> history(String gateId) {
    return store.history(gateId);
  }

  /** Now, to the microsecond that PostgreSQL keeps, so a reloaded register equals this one. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static GateKeyListing listing(RegisteredGate g, Instant now) {
    boolean overlapping = !g.revoked() && g.previousUntil().map(now::isBefore).orElse(false);
    return new GateKeyListing(
        g.gateId(),
        g.revoked()
            ? GateKeyListing.State.REVOKED
            : overlapping ? GateKeyListing.State.ROTATING : GateKeyListing.State.ACTIVE,
        fingerprint(g.current()),
        overlapping ? g.previous().map(GateKeyRegistry::fingerprint) : Optional.empty(),
        overlapping ? g.previousUntil() : Optional.empty(),
        g.changedAt(),
        g.changedBy());
  }

  private void apply(RegisteredGate old, RegisteredGate updated, GateKeyChange change) {
    store.save(updated, old == null ? 0 : old.version(), change);
    gates.put(updated.gateId(), updated);
  }

  private static void checkGateId(String gateId) {
    if (gateId == null || !GATE_ID.matcher(gateId).matches()) {
      throw new IllegalArgumentException(
          "a gate id is 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or"
              + " digit, not '"
              + gateId
              + "'");
    }
  }

  private static void checkActor(String by) {
    if (by == null || by.isBlank() || by.length() > MAX_ACTOR) {
      throw new IllegalArgumentException(
          "who makes a change must be named (1-" + MAX_ACTOR + " characters)");
    }
  }

  private static void checkKey(PublicKey key) {
    Objects.requireNonNull(key, "key");
    if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("a gate key must be Ed25519, not " + key.getAlgorithm());
    }
  }
}
