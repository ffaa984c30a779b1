package org.facefare.face.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.facefare.face.align.AlignmentTemplate;
import org.facefare.face.align.LandmarkId;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.Point2;
import org.facefare.face.align.SimilarityTransform;
import org.facefare.face.image.RgbImage;
import org.junit.jupiter.api.Test;

class QualityAssessorTest {

  private static final QualityAssessor ASSESSOR = new QualityAssessor();
  private static final RgbImage SHARP = Crops.texture(112, 1);

  /** The template face enlarged 2x into a frame: inter-ocular distance about 70 px. */
  private static final Landmarks FRONTAL =
      AlignmentTemplate.ARCFACE_112.points().transformed(SimilarityTransform.of(2, 0, 200, 100));

  private static QualityReport assess(RgbImage crop, Landmarks landmarks) {
    return ASSESSOR.assess(new QualityInput(crop, landmarks, 180, 220));
  }

  private static List<QualityReason> reasons(QualityReport r) {
    return r.failures().stream().map(QualityFailure::reason).toList();
  }

  @Test
  void aSharpWellLitFrontalFacePasses() {
    QualityReport r = assess(SHARP, FRONTAL);
    assertThat(r.failures()).isEmpty();
    assertThat(r.passed()).isTrue();
    assertThat(r.firstFailure()).isEmpty();
    assertThat(r.measures().interOcularPixels()).isCloseTo(2 * 35.2377, within(0.01));
    assertThat(r.measures().boxSidePixels()).isEqualTo(180);
    assertThat(r.measures().meanLuma()).isCloseTo(128, within(3.0));
  }

  @Test
  void upsideDownLandmarksAreImplausibleNotACrash() {
    Landmarks flipped =
        Landmarks.fivePoint(
            new org.facefare.face.align.Point2(100, 200),
            new org.facefare.face.align.Point2(170, 200),
            new org.facefare.face.align.Point2(135, 180),
            new org.facefare.face.align.Point2(110, 150),
            new org.facefare.face.align.Point2(160, 150));
    QualityReport r = assess(SHARP, flipped);
    assertThat(r.firstFailure().orElseThrow().reason())
        .isEqualTo(QualityReason.LANDMARKS_IMPLAUSIBLE);
    assertThat(r.measures().pose()).isEmpty();
  }

  @Test
  void blurIsBlurry() {
    QualityReport sharp = assess(SHARP, FRONTAL);
    QualityReport blurred = assess(Crops.boxBlur(SHARP, 2, 3), FRONTAL);
    assertThat(blurred.measures().sharpness()).isLessThan(sharp.measures().sharpness() / 100);
    assertThat(reasons(blurred)).containsExactly(QualityReason.BLURRY);
    QualityFailure f = blurred.firstFailure().orElseThrow();
    assertThat(f.limit()).isEqualTo(QualitySettings.defaults().minSharpness());
    assertThat(f.measured()).isEqualTo(blurred.measures().sharpness());
  }

  @Test
  void darkAndBrightCropsAreReportedBeforeBlur() {
    QualityReport dark = assess(Crops.map(SHARP, v -> v / 8), FRONTAL);
    assertThat(dark.firstFailure().orElseThrow().reason()).isEqualTo(QualityReason.TOO_DARK);
    assertThat(dark.measures().meanLuma()).isLessThan(20);

    QualityReport bright = assess(Crops.map(SHARP, v -> 255 - (255 - v) / 10), FRONTAL);
    assertThat(bright.firstFailure().orElseThrow().reason()).isEqualTo(QualityReason.TOO_BRIGHT);
    assertThat(bright.measures().meanLuma()).isGreaterThan(230);

    RgbImage crushed = Crops.map(SHARP, v -> v < 150 ? 0 : v);
    QualityReport clipped = assess(crushed, FRONTAL);
    assertThat(clipped.measures().meanLuma()).isGreaterThan(50);
    assertThat(clipped.measures().darkFraction()).isGreaterThan(0.5);
    assertThat(reasons(clipped)).containsExactly(QualityReason.TOO_DARK);
  }

  @Test
  void smallFacesAreTooSmall() {
    Landmarks small =
        AlignmentTemplate.ARCFACE_112.points().transformed(SimilarityTransform.of(0.6, 0, 0, 0));
    QualityReport r = ASSESSOR.assess(new QualityInput(SHARP, small, 50, 60));
    assertThat(reasons(r))
        .containsExactly(QualityReason.FACE_TOO_SMALL, QualityReason.FACE_TOO_SMALL);
    assertThat(r.firstFailure().orElseThrow().measured()).isCloseTo(0.6 * 35.2377, within(0.01));
    assertThat(r.failures().get(1).measured()).isEqualTo(50);
  }

  @Test
  void turnedTiltedAndLeaningHeadsFailTheirPoseCheck() {
    Point2 eyes = FRONTAL.get(LandmarkId.LEFT_EYE).midpoint(FRONTAL.get(LandmarkId.RIGHT_EYE));
    Point2 nose = FRONTAL.get(LandmarkId.NOSE_TIP);
    Landmarks turned = withNose(new Point2(nose.x() + 30, nose.y()));
    assertThat(reasons(assess(SHARP, turned))).containsExactly(QualityReason.POSE_YAW);
    Landmarks tilted = withNose(new Point2(nose.x(), eyes.y() + 8));
    assertThat(reasons(assess(SHARP, tilted))).containsExactly(QualityReason.POSE_PITCH);
    Landmarks leaning = FRONTAL.transformed(SimilarityTransform.of(1, 45, 0, 0));
    QualityReport r = assess(SHARP, leaning);
    assertThat(reasons(r)).containsExactly(QualityReason.POSE_ROLL);
    assertThat(r.firstFailure().orElseThrow().measured()).isCloseTo(45 - 0.317, within(0.01));
  }

  @Test
  void failuresComeInReasonOrder() {
    Landmarks small =
        AlignmentTemplate.ARCFACE_112.points().transformed(SimilarityTransform.of(0.5, 60, 0, 0));
    RgbImage darkBlur = Crops.map(Crops.boxBlur(SHARP, 2, 3), v -> v / 8);
    QualityReport r = ASSESSOR.assess(new QualityInput(darkBlur, small, 40, 40));
    assertThat(reasons(r))
        .containsExactly(
            QualityReason.FACE_TOO_SMALL,
            QualityReason.FACE_TOO_SMALL,
            QualityReason.POSE_ROLL,
            QualityReason.TOO_DARK,
            QualityReason.TOO_DARK,
            QualityReason.BLURRY);
    assertThat(r.firstFailure().orElseThrow().reason()).isEqualTo(QualityReason.FACE_TOO_SMALL);
  }

  @Test
  void settingsAreConfigurableAndValidated() {
    QualityAssessor lenient =
        new QualityAssessor(QualitySettings.builder().minSharpness(0).maxRollDegrees(90).build());
    Landmarks leaning = FRONTAL.transformed(SimilarityTransform.of(1, 45, 0, 0));
    assertThat(
            lenient
                .assess(new QualityInput(Crops.boxBlur(SHARP, 2, 3), leaning, 180, 220))
                .passed())
        .isTrue();
    assertThatThrownBy(() -> QualitySettings.builder().minMeanLuma(200).maxMeanLuma(100).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMeanLuma");
    assertThatThrownBy(() -> QualitySettings.builder().maxYawDegrees(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxYawDegrees");
    assertThatThrownBy(() -> new QualityInput(SHARP, FRONTAL, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detection box");
  }

  @Test
  void laplacianVarianceOfACheckerboardIsExact() {
    int n = 10;
    byte[] px = new byte[3 * n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        byte v = (byte) ((x + y) % 2 == 0 ? 255 : 0);
        px[3 * (y * n + x)] = px[3 * (y * n + x) + 1] = px[3 * (y * n + x) + 2] = v;
      }
    }
    LumaStatistics s = LumaStatistics.of(RgbImage.of(n, n, px), 16, 245);
    // Interior pixels alternate +-4 * 255 around a mean of 0 (8 x 8 interior, half each sign).
    assertThat(s.sharpness()).isCloseTo(Math.pow(4 * 255, 2), within(1e-6));
    assertThat(s.mean()).isCloseTo(127.5, within(1e-9));
    assertThat(s.darkFraction()).isEqualTo(0.5);
    assertThat(s.brightFraction()).isEqualTo(0.5);
    byte[] flat = new byte[3 * 25];
    java.util.Arrays.fill(flat, (byte) 90);
    assertThat(LumaStatistics.of(RgbImage.of(5, 5, flat), 16, 245).sharpness()).isZero();
  }

  private static Landmarks withNose(Point2 nose) {
    return Landmarks.fivePoint(
        FRONTAL.get(LandmarkId.LEFT_EYE),
        FRONTAL.get(LandmarkId.RIGHT_EYE),
        nose,
        FRONTAL.get(LandmarkId.MOUTH_LEFT),
        FRONTAL.get(LandmarkId.MOUTH_RIGHT));
  }
}
