package org.facefare.gate.authority;

/** The operator's switch for face pay: paused network-wide, per station or per gate. */
public interface FacePayControl {

  /** Whether face pay is paused for {@code gateId} now. */
  boolean paused(String gateId);
}
