package org.facefare.face.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.facefare.face.align.Point2;
import org.junit.jupiter.api.Test;

class BlazeFaceDecoderTest {

  private final BlazeFaceDecoder decoder = new BlazeFaceDecoder(256);

  @Test
  void has896AnchorsAt256() {
    assertThat(decoder.anchors()).isEqualTo(896);
  }

  @Test
  void decodesBoxAndKeypointsRelativeToTheAnchor() {
    float[] logits = new float[896];
    Arrays.fill(logits, -20f);
    float[] reg = new float[896 * 16];
    // anchor 34 = fine grid cell (gx=1, gy=1), second anchor: centre (24, 24)
    int a = (16 + 1) * 2 + 1;
    logits[a] = 3f;
    reg[a * 16] = 2f;
    reg[a * 16 + 1] = -4f;
    reg[a * 16 + 2] = 40f;
    reg[a * 16 + 3] = 50f;
    reg[a * 16 + 4] = -10f; // left eye x offset
    reg[a * 16 + 5] = -5f;

    List<Detection> d = decoder.decode(logits, reg, 0.5, 0.3);

    assertThat(d).hasSize(1);
    Detection det = d.get(0);
    assertThat(det.score()).isCloseTo(1 / (1 + Math.exp(-3)), within(1e-9));
    assertThat(det.box()).isEqualTo(new Box(26 - 20, 20 - 25, 26 + 20, 20 + 25));
    assertThat(det.keypoints().get(Keypoints.LEFT_EYE)).isEqualTo(new Point2(14, 19));
    assertThat(det.keypoints()).hasSize(6);
  }

  @Test
  void suppressesOverlapsKeepingTheBestAndKeepsSeparateFaces() {
    float[] logits = new float[896];
    Arrays.fill(logits, -20f);
    float[] reg = new float[896 * 16];
    int[] same = {34, 35};
    logits[34] = 1f;
    logits[35] = 2f;
    for (int a : same) {
      reg[a * 16 + 2] = 40f;
      reg[a * 16 + 3] = 40f;
    }
    int far = 600;
    logits[far] = 0.5f;
    reg[far * 16 + 2] = 30f;
    reg[far * 16 + 3] = 30f;

    List<Detection> d = decoder.decode(logits, reg, 0.5, 0.3);

    assertThat(d).hasSize(2);
    assertThat(d.get(0).score()).isGreaterThan(d.get(1).score());
    assertThat(d.get(0).score()).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-9));
  }

  @Test
  void wrongOutputSizeIsAClearError() {
    assertThatThrownBy(() -> decoder.decode(new float[10], new float[160], 0.5, 0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 896");
  }

  @Test
  void selectorPicksTheProminentFaceOrReportsComparableOnes() {
    FaceSelector s = new FaceSelector(0.5);
    Detection big = new Detection(new Box(100, 100, 300, 300), 0.9, List.of());
    Detection small = new Detection(new Box(0, 0, 50, 50), 0.99, List.of());
    Detection twin = new Detection(new Box(320, 100, 500, 280), 0.9, List.of());

    assertThat(s.choose(List.of(), 640, 480)).isInstanceOf(FaceSelector.None.class);
    assertThat(s.choose(List.of(small, big), 640, 480)).isEqualTo(new FaceSelector.One(big));
    assertThat(s.choose(List.of(big, twin, small), 640, 480))
        .isEqualTo(new FaceSelector.Multiple(2, big));
  }
}
