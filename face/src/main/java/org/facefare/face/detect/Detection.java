package org.facefare.face.detect;

import java.util.List;
import org.facefare.face.align.Point2;

/**
 * One face found by a detector, in source-image pixel coordinates.
 *
 * @param box the face rectangle
 * @param score the detector's confidence in [0, 1]
 * @param keypoints the detector's facial keypoints, in the order {@link Keypoints} defines
 */
public record Detection(Box box, double score, List<Point2> keypoints) {

  /** Copies the keypoints and checks the score. */
  public Detection {
    keypoints = List.copyOf(keypoints);
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0,1], got " + score);
    }
  }
}
