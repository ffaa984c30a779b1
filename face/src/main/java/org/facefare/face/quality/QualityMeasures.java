package org.facefare.face.quality;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link QualityAssessor} measured on one face.
 *
 * @param interOcularPixels distance between the eye centres in the source image
 * @param boxSidePixels the shorter side of the detection box in the source image
 * @param pose the estimated head pose; empty when the landmarks are geometrically implausible (then
 *     the report fails with {@link QualityReason#LANDMARKS_IMPLAUSIBLE})
 * @param meanLuma mean BT.601 luma of the crop, 0 to 255
 * @param darkFraction fraction of crop pixels at or below the dark clip level
 * @param brightFraction fraction of crop pixels at or above the bright clip level
 * @param sharpness variance of the 4-neighbour Laplacian of the crop's luma
 */
public record QualityMeasures(
    double interOcularPixels,
    double boxSidePixels,
    Optional<Pose> pose,
    double meanLuma,
    double darkFraction,
    double brightFraction,
    double sharpness) {

  /** Checks that the pose is given. */
  public QualityMeasures {
    Objects.requireNonNull(pose, "pose");
  }
}
