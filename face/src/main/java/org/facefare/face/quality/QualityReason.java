package org.facefare.face.quality;

/**
 * Why a face fails the quality gate, declared in the order {@link QualityAssessor} checks and
 * reports: geometry a rider fixes by moving first, then light, then blur (which dim light and small
 * faces also cause).
 */
public enum QualityReason {
  /**
   * The landmarks cannot belong to a face seen from the front half (e.g. the mouth above the eye
   * line), as a landmark net produces on a nearly black or non-face crop.
   */
  LANDMARKS_IMPLAUSIBLE,
  /** Eyes closer together, or the detection box smaller, than the configured minimum. */
  FACE_TOO_SMALL,
  /** Head turned left or right beyond the configured yaw. */
  POSE_YAW,
  /** Head tilted up or down beyond the configured pitch. */
  POSE_PITCH,
  /** Head leaning sideways beyond the configured roll. */
  POSE_ROLL,
  /** Crop too dark on average, or too much of it crushed to black. */
  TOO_DARK,
  /** Crop too bright on average, or too much of it blown out to white. */
  TOO_BRIGHT,
  /** Too little fine detail: the variance of the Laplacian is below the minimum. */
  BLURRY
}
