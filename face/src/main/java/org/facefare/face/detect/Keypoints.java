package org.facefare.face.detect;

/**
 * The order of BlazeFace's six keypoints, as seen in the image: index 0 is the eye on the image's
 * left (the subject's right eye), then the other eye, the nose tip, the mouth centre and the two
 * ear tragions.
 */
public final class Keypoints {

  /** The eye on the image's left. */
  public static final int LEFT_EYE = 0;

  /** The eye on the image's right. */
  public static final int RIGHT_EYE = 1;

  /** The nose tip. */
  public static final int NOSE = 2;

  /** The mouth centre. */
  public static final int MOUTH = 3;

  private Keypoints() {}
}
