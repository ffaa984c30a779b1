package org.facefare.face.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AlignmentTemplateTest {

  private static final AlignmentTemplate T = AlignmentTemplate.ARCFACE_112;

  /** The template's landmarks as they would appear in an image that {@code crop→image} maps to. */
  private static Landmarks inImage(SimilarityTransform cropToImage) {
    return T.points().transformed(cropToImage);
  }

  private static void assertSameTransform(
      SimilarityTransform actual, SimilarityTransform expected) {
    assertThat(actual.a()).isCloseTo(expected.a(), within(1e-9));
    assertThat(actual.b()).isCloseTo(expected.b(), within(1e-9));
    assertThat(actual.tx()).isCloseTo(expected.tx(), within(1e-7));
    assertThat(actual.ty()).isCloseTo(expected.ty(), within(1e-7));
  }

  @Test
  void arcFaceTemplateHasTheInsightfaceCoordinates() {
    assertThat(T.width()).isEqualTo(112);
    assertThat(T.points().get(LandmarkId.LEFT_EYE)).isEqualTo(new Point2(38.2946, 51.6963));
    assertThat(T.points().get(LandmarkId.MOUTH_RIGHT)).isEqualTo(new Point2(70.7299, 92.2041));
    Point2 mouth = T.points().get(LandmarkId.MOUTH_CENTER);
    assertThat(mouth.x()).isCloseTo((41.5493 + 70.7299) / 2, within(1e-12));
    assertThat(mouth.y()).isCloseTo((92.3655 + 92.2041) / 2, within(1e-12));
  }

  @Test
  void templateFitsItselfWithTheIdentity() {
    assertSameTransform(T.fit(T.points()), SimilarityTransform.IDENTITY);
  }

  @Test
  void fitRecoversTheImageToCropTransformWithFiveFourOrTwoPoints() {
    SimilarityTransform cropToImage = SimilarityTransform.of(3.2, 17, 410, 250);
    Landmarks five = inImage(cropToImage);
    assertSameTransform(T.fit(five), cropToImage.inverse());

    Landmarks four =
        Landmarks.fourPoint(
            five.get(LandmarkId.LEFT_EYE),
            five.get(LandmarkId.RIGHT_EYE),
            five.get(LandmarkId.NOSE_TIP),
            five.get(LandmarkId.MOUTH_CENTER));
    assertSameTransform(T.fit(four), cropToImage.inverse());

    Landmarks eyes =
        new Landmarks(
            Map.of(
                LandmarkId.LEFT_EYE, five.get(LandmarkId.LEFT_EYE),
                LandmarkId.RIGHT_EYE, five.get(LandmarkId.RIGHT_EYE)));
    assertSameTransform(T.fit(eyes), cropToImage.inverse());
  }

  @Test
  void scaledTemplateScalesEveryPoint() {
    AlignmentTemplate big = AlignmentTemplate.arcFace(224);
    assertThat(big.width()).isEqualTo(224);
    assertThat(big.height()).isEqualTo(224);
    for (LandmarkId id : T.points().points().keySet()) {
      assertThat(big.points().get(id).x()).isCloseTo(2 * T.points().get(id).x(), within(1e-12));
      assertThat(big.points().get(id).y()).isCloseTo(2 * T.points().get(id).y(), within(1e-12));
    }
    AlignmentTemplate wide = T.scaledTo(224, 112);
    assertThat(wide.points().get(LandmarkId.NOSE_TIP)).isEqualTo(new Point2(2 * 56.0252, 71.7366));
  }

  @Test
  void tooFewOrContradictoryLandmarksAreRefused() {
    Landmarks noseOnly = new Landmarks(Map.of(LandmarkId.NOSE_TIP, new Point2(3, 4)));
    assertThatThrownBy(() -> T.fit(noseOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 landmarks");
    Point2 p = new Point2(1, 1);
    assertThatThrownBy(
            () ->
                new Landmarks(
                    Map.of(
                        LandmarkId.MOUTH_LEFT, p,
                        LandmarkId.MOUTH_RIGHT, p,
                        LandmarkId.MOUTH_CENTER, p)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
    Landmarks sameSpot = new Landmarks(Map.of(LandmarkId.LEFT_EYE, p, LandmarkId.RIGHT_EYE, p));
    assertThatThrownBy(() -> T.fit(sameSpot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coincide");
    assertThatThrownBy(() -> noseOnly.get(LandmarkId.LEFT_EYE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LEFT_EYE missing");
  }
}
