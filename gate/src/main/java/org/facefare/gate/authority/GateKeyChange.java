package org.facefare.gate.authority;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change the operator made to the gate key register: who did what to which gate, and when.
 *
 * @param gateId the gate
 * @param action what was done
 * @param keyFingerprint the fingerprint of the key it registered or rotated to, or of the key it
 *     revoked
 * @param overlapUntil for a rotation, until when the previous key stays valid
 * @param at when
 * @param by who (the operator's name, or the tool that acted for them)
 */
public record GateKeyChange(
    String gateId,
    Action action,
    String keyFingerprint,
    Optional<Instant> overlapUntil,
    Instant at,
    String by) {

  /** What a change did. */
  public enum Action {
    /** A gate was registered with its first key (or re-registered after a revocation). */
    REGISTER,
    /** The gate's key was replaced, the old one kept for an overlap. */
    ROTATE,
    /** Every key of the gate was revoked. */
    REVOKE
  }

  /** Checks the fields. */
  public GateKeyChange {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(overlapUntil, "overlapUntil");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
  }
}
