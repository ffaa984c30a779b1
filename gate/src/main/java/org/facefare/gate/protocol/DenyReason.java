package org.facefare.gate.protocol;

/** Why the fare authority keeps a gate closed, with the words the gate shows the rider. */
public enum DenyReason {
  /** No enrolled rider scores above the open-set threshold. */
  NO_MATCH("Face not recognised — please use your card"),
  /** Two riders score too close to tell apart. */
  AMBIGUOUS("Face not recognised — please use your card"),
  /** The presentation-attack check failed. */
  SPOOF_SUSPECTED("Please look at the camera without a photo or screen, or use your card"),
  /** The face was unfit for matching. */
  LOW_QUALITY("Please face the camera and step closer"),
  /** The wallet cannot pay the fare. */
  INSUFFICIENT_FUNDS("Insufficient balance — please top up or use your card"),
  /** The rider paused face pay. */
  FACE_PAY_PAUSED("Face pay is paused on your account — please use your card"),
  /** The gate is not registered, or its key was revoked. */
  GATE_UNKNOWN("Face pay unavailable — please use your card"),
  /** The request's signature does not verify with the gate's registered key. */
  BAD_SIGNATURE("Face pay unavailable — please use your card"),
  /** The request's nonce was already seen. */
  REPLAYED("Face pay unavailable — please use your card"),
  /** The request's timestamp is outside the authority's clock window. */
  STALE("Face pay unavailable — please use your card");

  private final String displayText;

  DenyReason(String displayText) {
    this.displayText = displayText;
  }

  /** The text the gate shows the rider. */
  public String displayText() {
    return displayText;
  }
}
