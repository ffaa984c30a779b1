package org.facefare.gate.transport;

/** The HTTP names of the gate protocol: its path and the headers beside the signed body. */
public final class GateHeaders {

  /** The path gates post their signed requests to. */
  public static final String DECISIONS_PATH = "/v1/gate/decisions";

  /** The header naming the gate whose key signed the body. */
  public static final String GATE = "FaceFare-Gate";

  /** The header carrying the base64 Ed25519 signature of the body. */
  public static final String SIGNATURE = "FaceFare-Signature";

  private GateHeaders() {}
}
