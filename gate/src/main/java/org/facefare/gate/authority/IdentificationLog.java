package org.facefare.gate.authority;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.facefare.gate.protocol.DenyReason;

/**
 * The transparency log as the fare authority sees it: every identification of a rider at a gate is
 * appended, and the rider later sees it with an inclusion proof.
 */
public interface IdentificationLog {

  /**
   * Appends one identification. Idempotent by request id: appending the same request again returns
   * the first index.
   *
   * @return the entry's leaf index
   */
  long append(Identification identification);

  /**
   * One identification: who, where, when, what was decided and for which request.
   *
   * @param rider the rider's pseudonym
   * @param gateId the gate
   * @param at when
   * @param outcome {@code "OPEN"} or the deny reason's name
   * @param requestId the gate request's id
   */
  record Identification(String rider, String gateId, Instant at, String outcome, UUID requestId) {

    /** Checks the fields. */
    public Identification {
      Objects.requireNonNull(rider, "rider");
      Objects.requireNonNull(gateId, "gateId");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(requestId, "requestId");
    }

    /** An identification that ended in {@code reason}. */
    public static Identification denied(
        String rider, String gateId, Instant at, DenyReason reason, UUID requestId) {
      return new Identification(rider, gateId, at, reason.name(), requestId);
    }
  }
}
