package org.facefare.privacy.facepay;

/**
 * Whether an enrolled rider's face pay is on (in the galleries), paused by the rider, or held until
 * the rider accepts a new consent text (both out of the galleries).
 */
public enum FacePayState {
  /** In every gallery: the rider pays by face. */
  ACTIVE,
  /** Out of every gallery until resumed; the template stays in the vault. */
  PAUSED,
  /**
   * Out of every gallery because the consent text changed since the rider agreed: back to active
   * when the rider accepts the current text, erased when they decline it.
   */
  AWAITING_CONSENT
}
