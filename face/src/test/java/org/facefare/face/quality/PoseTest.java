package org.facefare.face.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.facefare.face.align.AlignmentTemplate;
import org.facefare.face.align.LandmarkId;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.Point2;
import org.facefare.face.align.SimilarityTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoseTest {

  private static final Landmarks FRONTAL = AlignmentTemplate.ARCFACE_112.points();

  /**
   * Landmarks of the estimator's own rigid face model (half inter-ocular distance 1) turned by yaw,
   * then pitch, projected orthographically and placed in an image by {@code place}.
   */
  private static Landmarks modelFace(double yawDeg, double pitchDeg, SimilarityTransform place) {
    double m = PoseEstimator.FRONTAL_MOUTH_DEPTH;
    double n = PoseEstimator.FRONTAL_NOSE_HEIGHT * m;
    double d = PoseEstimator.DEPTH_RATIO;
    double[][] pts = {{-1, 0, 0}, {1, 0, 0}, {0, n, d}, {-0.8, m, 0}, {0.8, m, 0}};
    double yaw = Math.toRadians(yawDeg);
    double pitch = Math.toRadians(pitchDeg);
    Point2[] out = new Point2[5];
    for (int i = 0; i < 5; i++) {
      double x = pts[i][0];
      double y = pts[i][1];
      double z = pts[i][2];
      double x1 = x * Math.cos(yaw) + z * Math.sin(yaw);
      double z1 = -x * Math.sin(yaw) + z * Math.cos(yaw);
      double y2 = y * Math.cos(pitch) - z1 * Math.sin(pitch);
      out[i] = place.apply(new Point2(x1, y2));
    }
    return Landmarks.fivePoint(out[0], out[1], out[2], out[3], out[4]);
  }

  @Test
  void theArcFaceTemplateIsFrontal() {
    Pose p = Pose.estimate(FRONTAL);
    assertThat(p.yawDegrees()).isCloseTo(0, within(0.5));
    assertThat(p.pitchDegrees()).isCloseTo(0, within(1e-9));
    assertThat(p.rollDegrees())
        .isCloseTo(Math.toDegrees(Math.atan2(51.5014 - 51.6963, 73.5318 - 38.2946)), within(1e-12));
  }

  @Test
  void rollFollowsTheEyeLineAndLeavesYawAndPitchAlone() {
    Pose base = Pose.estimate(FRONTAL);
    for (double turn : new double[] {-60, -15, 20, 45}) {
      Landmarks moved = FRONTAL.transformed(SimilarityTransform.of(3.3, turn, 500, -20));
      Pose p = Pose.estimate(moved);
      assertThat(p.rollDegrees()).isCloseTo(base.rollDegrees() + turn, within(1e-9));
      assertThat(p.yawDegrees()).isCloseTo(base.yawDegrees(), within(1e-9));
      assertThat(p.pitchDegrees()).isCloseTo(base.pitchDegrees(), within(1e-9));
    }
  }

  @ParameterizedTest(name = "yaw {0}, pitch {1}, roll {2}")
  @CsvSource({"25, 0, 0", "-40, 0, 10", "0, 20, 0", "0, -30, -12", "15, 15, 5", "-20, 10, 30"})
  void recoversTheModelFacesPose(double yaw, double pitch, double roll) {
    Landmarks l = modelFace(yaw, pitch, SimilarityTransform.of(30, roll, 320, 240));
    Pose p = Pose.estimate(l);
    boolean pure = yaw == 0 || pitch == 0;
    double tolerance = pure ? 1e-6 : 3;
    assertThat(p.yawDegrees()).isCloseTo(yaw, within(tolerance));
    assertThat(p.pitchDegrees()).isCloseTo(pitch, within(tolerance));
    // Yaw then pitch tilts the projected eye line by atan(tan(yaw) sin(pitch)): Euler coupling.
    double eyeLineTilt =
        Math.toDegrees(Math.atan(Math.tan(Math.toRadians(yaw)) * Math.sin(Math.toRadians(pitch))));
    assertThat(p.rollDegrees()).isCloseTo(roll + eyeLineTilt, within(1e-9));
  }

  @Test
  void signsFollowTheDocumentedConventions() {
    Point2 le = new Point2(100, 100);
    Point2 re = new Point2(160, 100);
    Point2 mouth = new Point2(130, 170);
    assertThat(Pose.estimate(Landmarks.fourPoint(le, re, new Point2(145, 135), mouth)).yawDegrees())
        .as("nose to the image's right")
        .isPositive();
    assertThat(
            Pose.estimate(Landmarks.fourPoint(le, re, new Point2(130, 120), mouth)).pitchDegrees())
        .as("nose high: chin raised")
        .isPositive();
    assertThat(
            Pose.estimate(
                    Landmarks.fourPoint(le, new Point2(160, 120), new Point2(130, 135), mouth))
                .rollDegrees())
        .as("right-hand eye lower")
        .isPositive();
  }

  @Test
  void mouthCentreAndCornersGiveTheSamePose() {
    Landmarks five = modelFace(12, -8, SimilarityTransform.of(40, 7, 300, 300));
    Landmarks four =
        Landmarks.fourPoint(
            five.get(LandmarkId.LEFT_EYE),
            five.get(LandmarkId.RIGHT_EYE),
            five.get(LandmarkId.NOSE_TIP),
            five.get(LandmarkId.MOUTH_CENTER));
    assertThat(Pose.estimate(four)).isEqualTo(Pose.estimate(five));
  }

  @Test
  void inconsistentLandmarksAreRefused() {
    Point2 le = new Point2(100, 100);
    Point2 re = new Point2(160, 100);
    assertThatThrownBy(
            () ->
                Pose.estimate(
                    new Landmarks(Map.of(LandmarkId.LEFT_EYE, le, LandmarkId.RIGHT_EYE, re))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOSE_TIP missing");
    assertThatThrownBy(
            () ->
                Pose.estimate(
                    Landmarks.fourPoint(re, le, new Point2(130, 130), new Point2(130, 170))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eyes swapped");
    assertThatThrownBy(
            () ->
                Pose.estimate(
                    Landmarks.fourPoint(le, le, new Point2(130, 130), new Point2(130, 170))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coincide");
  }
}
