package org.facefare.gate.authority;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's register of gates' Ed25519 public keys: add, rotate with an overlap, revoke.
 *
 * <p>A rotation makes the new key current at once and keeps the old one valid for a stated overlap
 * so that requests signed just before the switch still verify; revocation ends every key of the
 * gate immediately. Time comes from the injected {@link InstantSource}.
 */
public final class GateKeyRegistry {

  private record GateKeys(PublicKey current, PublicKey previous, Instant previousUntil) {}

  private final InstantSource clock;
  private final Map<String, GateKeys> gates = new ConcurrentHashMap<>();

  /** An empty register. */
  public GateKeyRegistry(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
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

  /**
   * Registers a new gate.
   *
   * @throws IllegalArgumentException if the gate is already registered or the key is not Ed25519
   */
  public void register(String gateId, PublicKey key) {
    checkKey(key);
    if (gates.putIfAbsent(gateId, new GateKeys(key, null, null)) != null) {
      throw new IllegalArgumentException(
          "gate " + gateId + " is already registered: rotate its key instead");
    }
  }

  /**
   * Makes {@code newKey} the gate's key, accepting the old one for {@code overlap} more.
   *
   * @throws IllegalArgumentException if the gate is unknown, the key is not Ed25519 or is the
   *     current one, or the overlap is negative
   */
  public void rotate(String gateId, PublicKey newKey, Duration overlap) {
    checkKey(newKey);
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("overlap must not be negative: " + overlap);
    }
    Instant until = clock.instant().plus(overlap);
    GateKeys updated =
        gates.computeIfPresent(
            gateId,
            (id, keys) -> {
              if (keys.current().equals(newKey)) {
                throw new IllegalArgumentException("gate " + id + " already uses this key");
              }
              return new GateKeys(newKey, keys.current(), until);
            });
    if (updated == null) {
      throw new IllegalArgumentException("gate " + gateId + " is not registered");
    }
  }

  /**
   * Revokes every key of the gate: its requests are refused from now on.
   *
   * @return whether the gate was registered
   */
  public boolean revoke(String gateId) {
    return gates.remove(gateId) != null;
  }

  /** The keys a request from {@code gateId} may be signed with now (empty: unknown gate). */
  public List<PublicKey> keysOf(String gateId) {
    GateKeys keys = gates.get(gateId);
    if (keys == null) {
      return List.of();
    }
    List<PublicKey> out = new ArrayList<>(2);
    out.add(keys.current());
    if (keys.previous() != null && clock.instant().isBefore(keys.previousUntil())) {
      out.add(keys.previous());
    }
    return out;
  }

  private static void checkKey(PublicKey key) {
    Objects.requireNonNull(key, "key");
    if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("a gate key must be Ed25519, not " + key.getAlgorithm());
    }
  }
}
