package org.facefare.face.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.facefare.face.image.RgbImage;
import org.junit.jupiter.api.Test;

class BilinearWarpTest {

  /** An image whose red channel is {@code 2x + 3y + 10}, green {@code 200 − 3x}, blue 77. */
  private static RgbImage ramp(int w, int h) {
    byte[] px = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = 3 * (y * w + x);
        px[i] = (byte) (2 * x + 3 * y + 10);
        px[i + 1] = (byte) (200 - 3 * x);
        px[i + 2] = 77;
      }
    }
    return RgbImage.of(w, h, px);
  }

  private static RgbImage dot(int w, int h, int x, int y) {
    byte[] px = new byte[3 * w * h];
    int i = 3 * (y * w + x);
    px[i] = px[i + 1] = px[i + 2] = (byte) 255;
    return RgbImage.of(w, h, px);
  }

  @Test
  void integerTranslationCopiesPixels() {
    RgbImage src = ramp(30, 20);
    RgbImage out =
        BilinearWarp.warp(
            src, new SimilarityTransform(1, 0, -5, -3), new WarpTarget(10, 8, Border.BLACK));
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 10; x++) {
        assertThat(out.rgb(x, y)).isEqualTo(src.rgb(x + 5, y + 3));
      }
    }
  }

  @Test
  void bilinearIsExactOnALinearRamp() {
    RgbImage src = ramp(40, 30);
    SimilarityTransform t = SimilarityTransform.of(1.37, 23, 4.3, -2.1);
    SimilarityTransform back = t.inverse();
    RgbImage out = BilinearWarp.warp(src, t, new WarpTarget(40, 30, Border.BLACK));
    int checked = 0;
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        Point2 s = back.apply(new Point2(x, y));
        if (s.x() >= 0 && s.y() >= 0 && s.x() <= 39 && s.y() <= 29) {
          assertThat(out.sample(x, y, 0))
              .isCloseTo((int) Math.round(2 * s.x() + 3 * s.y() + 10), within(1));
          assertThat(out.sample(x, y, 1)).isCloseTo((int) Math.round(200 - 3 * s.x()), within(1));
          assertThat(out.sample(x, y, 2)).isEqualTo(77);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(300);
  }

  @Test
  void aPixelLandsWhereTheTransformSendsIt() {
    RgbImage src = dot(20, 20, 7, 4);
    // Scale 2 and turn 90° clockwise: (x, y) -> (-2y, 2x), then shift by (30, 1).
    SimilarityTransform t = SimilarityTransform.of(2, 90, 30, 1);
    RgbImage out = BilinearWarp.warp(src, t, new WarpTarget(40, 40, Border.BLACK));
    Point2 p = t.apply(new Point2(7, 4));
    assertThat(p.x()).isCloseTo(22, within(1e-9));
    assertThat(p.y()).isCloseTo(15, within(1e-9));
    assertThat(out.rgb(22, 15)).isEqualTo(0xFFFFFF);
    assertThat(out.sample(23, 15, 0)).as("half-way to the next source pixel").isEqualTo(128);
    assertThat(out.rgb(25, 15)).isZero();
  }

  @Test
  void bordersReplicateOrFillWithTheConstant() {
    RgbImage src = ramp(10, 10);
    SimilarityTransform shift =
        new SimilarityTransform(1, 0, 5, 5); // output (x, y) shows (x-5, y-5)
    RgbImage rep = BilinearWarp.warp(src, shift, new WarpTarget(20, 20, Border.replicate()));
    assertThat(rep.rgb(0, 0)).isEqualTo(src.rgb(0, 0));
    assertThat(rep.rgb(19, 2)).isEqualTo(src.rgb(9, 0));
    assertThat(rep.rgb(7, 7)).isEqualTo(src.rgb(2, 2));
    RgbImage grey =
        BilinearWarp.warp(src, shift, new WarpTarget(20, 20, Border.constant(0x102030)));
    assertThat(grey.rgb(0, 0)).isEqualTo(0x102030);
    assertThat(grey.rgb(19, 19)).isEqualTo(0x102030);
    assertThat(grey.rgb(5, 5)).isEqualTo(src.rgb(0, 0));
    assertThat(grey.rgb(14, 14)).isEqualTo(src.rgb(9, 9));
  }

  @Test
  void alignerPutsLandmarksOnTheTemplate() {
    AlignmentTemplate template = AlignmentTemplate.ARCFACE_112;
    SimilarityTransform cropToImage = SimilarityTransform.of(2.5, -12, 120, 80);
    Landmarks inImage = template.points().transformed(cropToImage);
    Point2 eye = inImage.get(LandmarkId.LEFT_EYE);
    RgbImage image = dot(500, 400, (int) Math.round(eye.x()), (int) Math.round(eye.y()));
    // Put the landmark exactly on the dot's pixel centre so the crop shows it at the template
    // point.
    Landmarks exact =
        new Landmarks(
            Map.of(
                LandmarkId.LEFT_EYE, new Point2(Math.round(eye.x()), Math.round(eye.y())),
                LandmarkId.RIGHT_EYE, inImage.get(LandmarkId.RIGHT_EYE),
                LandmarkId.NOSE_TIP, inImage.get(LandmarkId.NOSE_TIP),
                LandmarkId.MOUTH_LEFT, inImage.get(LandmarkId.MOUTH_LEFT),
                LandmarkId.MOUTH_RIGHT, inImage.get(LandmarkId.MOUTH_RIGHT)));
    AlignedFace face = new FaceAligner(template, Border.BLACK).align(image, exact);
    assertThat(face.crop().width()).isEqualTo(112);
    Point2 eyeInCrop = face.cropLandmarks().get(LandmarkId.LEFT_EYE);
    assertThat(eyeInCrop.x()).isCloseTo(38.2946, within(0.3));
    assertThat(eyeInCrop.y()).isCloseTo(51.6963, within(0.3));
    Point2 noseInCrop = face.cropLandmarks().get(LandmarkId.NOSE_TIP);
    assertThat(noseInCrop.x()).isCloseTo(56.0252, within(0.3));
    int brightest = 0;
    int bx = -1;
    int by = -1;
    for (int y = 0; y < 112; y++) {
      for (int x = 0; x < 112; x++) {
        if (face.crop().sample(x, y, 0) > brightest) {
          brightest = face.crop().sample(x, y, 0);
          bx = x;
          by = y;
        }
      }
    }
    assertThat(Math.hypot(bx - eyeInCrop.x(), by - eyeInCrop.y())).isLessThan(1.0);
  }
}
