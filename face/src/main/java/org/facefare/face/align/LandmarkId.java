package org.facefare.face.align;

/**
 * A named facial landmark; "left" and "right" are as seen in the image, so {@link #LEFT_EYE} is the
 * subject's right eye, the one nearer x = 0 in an upright face.
 */
public enum LandmarkId {
  /** Centre of the eye on the image's left. */
  LEFT_EYE,
  /** Centre of the eye on the image's right. */
  RIGHT_EYE,
  /** Tip of the nose. */
  NOSE_TIP,
  /** Corner of the mouth on the image's left. */
  MOUTH_LEFT,
  /** Corner of the mouth on the image's right. */
  MOUTH_RIGHT,
  /** Centre of the mouth; for five-point sets, the midpoint of the two corners. */
  MOUTH_CENTER
}
