package org.facefare.gate.authority;

import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateRequest;

/** The outcome of checking a signed gate request: the request to decide, or why it is refused. */
public sealed interface Verification {

  /**
   * The request is authentic, fresh and new.
   *
   * @param request the parsed request
   */
  record Accepted(GateRequest request) implements Verification {}

  /**
   * The request is refused before any matching.
   *
   * @param reason one of {@code GATE_UNKNOWN}, {@code BAD_SIGNATURE}, {@code STALE}, {@code
   *     REPLAYED}
   * @param detail what exactly failed, for the authority's log (never shown to riders)
   */
  record Refused(DenyReason reason, String detail) implements Verification {}
}
