package org.facefare.gate.authority;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.Ed25519Signatures;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateRequestCodec;
import org.facefare.gate.protocol.MalformedRequestException;
import org.facefare.gate.protocol.SignedGateRequest;

/**
 * The fare authority's first step for every gate request: is it signed by a registered gate, inside
 * the clock window, and never seen before?
 *
 * <p>The order is fixed so that an unauthenticated sender learns nothing and costs little: the
 * gate's keys are looked up from the id sent beside the body, the Ed25519 signature is checked over
 * the body's exact bytes, and only then is the body parsed. Freshness follows: a request whose
 * {@code issued_at} is more than the window away from the authority's clock is {@code STALE}; one
 * whose (gate, nonce) pair was already accepted is {@code REPLAYED}. Nonces are remembered only
 * while their request could still pass the window check, so memory is bounded by the request rate
 * times three windows. A retry of a request re-signs it with a new nonce and the same request id;
 * the ledger's idempotency then returns the first attempt's result.
 */
public final class RequestVerifier {

  private final GateKeyRegistry keys;
  private final InstantSource clock;
  private final Duration window;
  private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextPurge;
  private final Map<PublicKey, Ed25519Signatures.Verifier> verifiers = new ConcurrentHashMap<>();

  /** The most key verifiers kept. */
  static final int MAX_VERIFIERS = 65_536;

  /**
   * A verifier.
   *
   * @param window how far a request's timestamp may be from the authority's clock, either way
   */
  public RequestVerifier(GateKeyRegistry keys, InstantSource clock, Duration window) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("clock window must be positive: " + window);
    }
    this.nextPurge = new AtomicReference<>(clock.instant().plus(window));
  }

  /**
   * Checks one request.
   *
   * @throws MalformedRequestException if the authentic body is not a request of the protocol
   */
  public Verification verify(SignedGateRequest signed) {
    List<PublicKey> gateKeys = keys.keysOf(signed.gateId());
    if (gateKeys.isEmpty()) {
      return new Verification.Refused(
          DenyReason.GATE_UNKNOWN, "gate " + signed.gateId() + " is not registered or revoked");
    }
    byte[] body = signed.body();
    if (!verifies(gateKeys, body, signed.signature())) {
      return new Verification.Refused(
          DenyReason.BAD_SIGNATURE,
          "signature does not verify with the keys of gate " + signed.gateId());
    }
    GateRequest request = GateRequestCodec.read(body);
    if (!request.gateId().equals(signed.gateId())) {
      return new Verification.Refused(
          DenyReason.BAD_SIGNATURE,
          "gate " + signed.gateId() + " signed a body naming gate " + request.gateId());
    }
    Instant now = clock.instant();
    Duration skew = Duration.between(now, request.issuedAt()).abs();
    if (skew.compareTo(window) > 0) {
      return new Verification.Refused(
          DenyReason.STALE,
          "issued at " + request.issuedAt() + ", " + skew + " from the authority's clock " + now);
    }
    purgeNow(now);
    String key = request.gateId() + '\u0000' + request.nonce();
    if (seenNonces.putIfAbsent(key, request.issuedAt().plus(window)) != null) {
      return new Verification.Refused(
          DenyReason.REPLAYED, "nonce already used by gate " + request.gateId());
    }
    return new Verification.Accepted(request);
  }

  /** How many nonces are remembered now. */
  int rememberedNonces() {
    return seenNonces.size();
  }

  private boolean verifies(List<PublicKey> keys, byte[] body, byte[] signature) {
    for (PublicKey key : keys) {
      if (verifierOf(key).verifies(body, signature)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The verifier of a registered key, made once: a few per gate, so the cache is bounded by the
   * register; it is emptied if it ever holds more than {@link #MAX_VERIFIERS} (keys rotated out).
   */
  private Ed25519Signatures.Verifier verifierOf(PublicKey key) {
    Ed25519Signatures.Verifier v = verifiers.get(key);
    if (v == null) {
      if (verifiers.size() >= MAX_VERIFIERS) {
        verifiers.clear();
      }
      v = Ed25519Signatures.verifier(key);
      verifiers.put(key, v);
    }
    return v;
  }

  /**
   * Forgets nonces whose requests are now outside the window: a replay of them is refused as stale
   * instead. Runs at most once per window, on one thread.
   */
  private void purgeNow(Instant now) {
    Instant due = nextPurge.get();
    if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(window))) {
      return;
    }
    for (Iterator<Instant> it = seenNonces.values().iterator(); it.hasNext(); ) {
      if (it.next().isBefore(now)) {
        it.remove();
      }
    }
  }
}
