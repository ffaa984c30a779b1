package org.facefare.gate.protocol;

import java.util.Objects;

/**
 * A gate request as it travels: the gate's id (sent beside the body so the authority can find the
 * key before parsing anything), the body's bytes and the gate's Ed25519 signature over them.
 *
 * @param gateId the id of the gate that claims to have signed
 * @param body the JSON body (see {@link GateRequestCodec})
 * @param signature the Ed25519 signature of {@code body}
 */
public record SignedGateRequest(String gateId, byte[] body, byte[] signature) {

  /** Checks the fields and copies the arrays. */
  public SignedGateRequest {
    Objects.requireNonNull(gateId, "gateId");
    body = body.clone();
    signature = signature.clone();
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** A copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
