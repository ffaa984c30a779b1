package org.facefare.face.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NmsTest {

  private static final Nms DEFAULT = new Nms(0.5, 0.5, 100);

  @Test
  void keepsTheBestOfOverlappingBoxesAndDisjointOnes() {
    float[] boxes = {
      0, 0, 10, 10, // 0: overlaps 1 with IoU 81/119 (> 0.5)
      1, 1, 10, 10, // 1
      20, 20, 30, 30, // 2: disjoint
    };
    assertThat(DEFAULT.select(boxes, new float[] {0.8f, 0.9f, 0.7f})).containsExactly(1, 2);
  }

  @Test
  void iouAtTheThresholdIsNotSuppressed() {
    // Two 2x1 boxes sharing a 1x1 square: IoU exactly 1/3 in binary floating point.
    float[] boxes = {0, 0, 2, 1, 1, 0, 3, 1};
    assertThat(Nms.iou(boxes, 0, 1)).isEqualTo(1.0 / 3);
    assertThat(new Nms(1.0 / 3, 0, 10).select(boxes, new float[] {0.9f, 0.8f}))
        .containsExactly(0, 1);
    assertThat(new Nms(0.3, 0, 10).select(boxes, new float[] {0.9f, 0.8f})).containsExactly(0);
  }

  @Test
  void scoresMustExceedTheMinimumStrictly() {
    float[] boxes = {0, 0, 1, 1, 5, 5, 6, 6, 9, 9, 10, 10};
    assertThat(DEFAULT.select(boxes, new float[] {0.5f, 0.51f, Float.NaN})).containsExactly(1);
  }

  @Test
  void tiesGoToTheLowerIndex() {
    float[] boxes = {0, 0, 10, 10, 0, 0, 10, 10, 50, 50, 60, 60, 0, 0, 10, 10};
    float[] scores = {0.7f, 0.9f, 0.9f, 0.9f};
    assertThat(DEFAULT.select(boxes, scores)).containsExactly(1, 2);
  }

  @Test
  void capsTheResults() {
    float[] boxes = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
    assertThat(new Nms(0.5, 0, 2).select(boxes, new float[] {0.6f, 0.9f, 0.8f}))
        .containsExactly(1, 2);
  }

  @Test
  void emptyInputsGiveNothing() {
    assertThat(DEFAULT.select(new float[0], new float[0])).isEmpty();
    assertThat(DEFAULT.select(new float[] {0, 0, 1, 1}, new float[] {0.1f})).isEmpty();
  }

  @Test
  void degenerateBoxesOverlapNothing() {
    float[] boxes = {0, 0, 10, 10, 0, 0, 10, 0, 3, 3, 3, 3};
    assertThat(Nms.iou(boxes, 0, 1)).isZero();
    assertThat(Nms.iou(boxes, 0, 2)).isZero();
    assertThat(DEFAULT.select(boxes, new float[] {0.9f, 0.8f, 0.7f})).containsExactly(0, 1, 2);
  }

  @Test
  void cornersMayComeInEitherOrder() {
    float[] boxes = {0, 0, 10, 10, 10, 10, 0, 0, 5, 0, 15, 10};
    assertThat(Nms.iou(boxes, 0, 1)).isEqualTo(1.0);
    assertThat(Nms.iou(boxes, 0, 2)).isCloseTo(50.0 / 150, within(1e-12));
  }

  @Test
  void rejectsMismatchedArrays() {
    assertThatThrownBy(() -> DEFAULT.select(new float[] {0, 0, 1}, new float[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 values per score");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.1, Double.NaN})
  void rejectsIouThresholdsOutsideTheUnitInterval(double iou) {
    assertThatThrownBy(() -> new Nms(iou, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iouThreshold");
  }

  @Test
  void rejectsNoResults() {
    assertThatThrownBy(() -> new Nms(0.5, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults");
  }
}
