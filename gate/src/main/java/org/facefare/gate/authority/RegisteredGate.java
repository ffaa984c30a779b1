package org.facefare.gate.authority;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate in the operator's key register, as stored: its current key, the previous key still
 * accepted during a rotation's overlap, whether it is revoked, and the last change.
 *
 * <p>It holds public keys only; nothing about faces or riders.
 *
 * @param gateId the gate
 * @param current the key requests are signed with (after a revocation: the last one it had)
 * @param previous the key replaced by the last rotation, if any
 * @param previousUntil until when {@code previous} is accepted
 * @param revoked whether every key of the gate is revoked
 * @param changedAt when the register last changed this gate
 * @param changedBy who made that change
 * @param version a counter of the gate's changes, for optimistic concurrency between processes
 */
public record RegisteredGate(
    String gateId,
    PublicKey current,
    Optional<PublicKey> previous,
    Optional<Instant> previousUntil,
    boolean revoked,
    Instant changedAt,
    String changedBy,
    long version) {

  /** Checks the fields. */
  public RegisteredGate {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(previousUntil, "previousUntil");
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(changedBy, "changedBy");
    if (previous.isPresent() != previousUntil.isPresent()) {
      throw new IllegalArgumentException("a previous key needs its end of overlap, and only then");
    }
  }
}
