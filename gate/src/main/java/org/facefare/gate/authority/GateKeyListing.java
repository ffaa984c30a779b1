package org.facefare.gate.authority;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator's console shows of one gate: its state and its keys' fingerprints, never a key
 * or anything about a face.
 *
 * @param gateId the gate
 * @param state active, rotating (two keys accepted) or revoked
 * @param keyFingerprint the current (or, when revoked, the last) key's fingerprint
 * @param previousFingerprint during a rotation's overlap, the old key's fingerprint
 * @param previousUntil during the overlap, when the old key stops being accepted
 * @param changedAt when the gate's keys last changed
 * @param changedBy who changed them
 */
public record GateKeyListing(
    String gateId,
    State state,
    String keyFingerprint,
    Optional<String> previousFingerprint,
    Optional<Instant> previousUntil,
    Instant changedAt,
    String changedBy) {

  /** A gate's key state. */
  public enum State {
    /** One key is accepted. */
    ACTIVE,
    /** A new key and, until the overlap ends, the previous one are accepted. */
    ROTATING,
    /** No key is accepted. */
    REVOKED
  }

  /** Checks the fields. */
  public GateKeyListing {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(previousFingerprint, "previousFingerprint");
    Objects.requireNonNull(previousUntil, "previousUntil");
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(changedBy, "changedBy");
  }
}
