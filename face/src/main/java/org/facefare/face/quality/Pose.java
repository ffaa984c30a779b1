package org.facefare.face.quality;

import org.facefare.face.align.Landmarks;

/**
 * A head pose in degrees, estimated from five (or four) facial landmarks: yaw positive when the
 * nose points to the image's right, pitch positive when the chin is raised, roll positive when the
 * eye line turns clockwise on screen (the right-hand eye lower).
 */
public record Pose(double yawDegrees, double pitchDegrees, double rollDegrees) {

  /**
   * The pose of a face with these landmarks (eyes, nose tip, and mouth corners or centre), in any
   * image coordinates; see {@link PoseEstimator} for the approximations.
   *
   * @throws IllegalArgumentException if a landmark is missing, the eyes coincide, or the mouth is
   *     not below the eye line (eyes swapped or landmarks inconsistent)
   */
  public static Pose estimate(Landmarks landmarks) {
    return PoseEstimator.estimate(landmarks);
  }
}
