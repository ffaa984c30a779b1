package org.facefare.gate.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.facefare.face.Template;
import org.facefare.face.quality.QualityReason;

/**
 * What a gate asks the fare authority: "who is this rider, and may they pass?", as the signed body
 * of one request.
 *
 * @param gateId the gate's registered id
 * @param requestId the id that makes the request idempotent: a retry reuses it
 * @param issuedAt when the gate signed the request
 * @param nonce a random value never reused by the gate (base64url of at least 16 bytes)
 * @param template the face template; its model id says which gallery decides it
 * @param liveness the gate's presentation-attack score in [0, 1]
 * @param qualityFailures the quality checks the face failed at the gate (empty when it passed)
 */
public record GateRequest(
    String gateId,
    UUID requestId,
    Instant issuedAt,
    String nonce,
    Template template,
    double liveness,
    List<QualityReason> qualityFailures) {

  private static final Pattern GATE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22,88}");

  /** Checks the fields. */
  public GateRequest {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(template, "template");
    qualityFailures = List.copyOf(qualityFailures);
    if (!GATE_ID.matcher(gateId).matches()) {
      throw new IllegalArgumentException(
          "gate id must be 1-64 characters of [A-Za-z0-9._-], not '" + gateId + "'");
    }
    if (!NONCE.matcher(nonce).matches()) {
      throw new IllegalArgumentException(
          "nonce must be base64url of 16 to 64 random bytes (22 to 88 characters)");
    }
    if (!(liveness >= 0 && liveness <= 1)) {
      throw new IllegalArgumentException("liveness must be in [0, 1], not " + liveness);
    }
  }
}
