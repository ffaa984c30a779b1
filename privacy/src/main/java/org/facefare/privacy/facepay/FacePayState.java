package org.facefare.privacy.facepay;

/** Whether an enrolled rider's face pay is on (in the galleries) or paused (out of them). */
public enum FacePayState {
  /** In every gallery: the rider pays by face. */
  ACTIVE,
  /** Out of every gallery until resumed; the template stays in the vault. */
  PAUSED
}
