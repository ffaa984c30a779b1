package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsdDecoderTest {

  private static final float[] ANCHORS = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.5f, 0.7f, 0.9f};

  @Test
  void zeroEncodingsDecodeToTheAnchors() {
    float[] boxes = new SsdDecoder(ANCHORS).decodeBoxes(new float[8]);
    for (int i = 0; i < 8; i++) {
      assertThat(boxes[i]).as("value " + i).isCloseTo(ANCHORS[i], within(1e-7f));
    }
  }

  @Test
  void encodingsShiftCentresByTenthsAndScaleSizesByExpOfFifths() {
    // ty = 10: the centre moves down one anchor height; tw = 5 ln 2: the width doubles.
    float[] enc = {10, 0, 0, (float) (5 * Math.log(2)), 0, 0, 0, 0};
    float[] b = new SsdDecoder(ANCHORS).decodeBoxes(enc);
    assertThat(b[0]).isCloseTo(0.3f, within(1e-6f));
    assertThat(b[2]).isCloseTo(0.5f, within(1e-6f));
    assertThat(b[1]).isCloseTo(0.1f, within(1e-6f));
    assertThat(b[3]).isCloseTo(0.5f, within(1e-6f));
  }

  @Test
  void keepsFacesAboveMinConfidenceMappedBackToTheUnpaddedImage() {
    // 1000x500 is padded to 1000x1000 at the bottom: relative y doubles, x is unchanged.
    List<FaceApiDetection> faces =
        new SsdDecoder(ANCHORS)
            .detect(new float[8], new float[] {0.9f, 0.4f}, 1000, 500, SsdOptions.DEFAULT);
    assertThat(faces).hasSize(1);
    FaceApiDetection f = faces.get(0);
    assertThat(f.score()).isEqualTo(0.9f);
    assertThat(f.x()).isCloseTo(0.2, within(1e-6));
    assertThat(f.y()).isCloseTo(0.2, within(1e-6));
    assertThat(f.width()).isCloseTo(0.2, within(1e-6));
    assertThat(f.height()).isCloseTo(0.4, within(1e-6));
  }

  @Test
  void clipsBoxesToTheImage() {
    float[] anchors = {-0.2f, 0.8f, 0.2f, 1.4f};
    FaceApiDetection f =
        new SsdDecoder(anchors)
            .detect(new float[4], new float[] {0.8f}, 512, 512, SsdOptions.DEFAULT)
            .get(0);
    assertThat(f.y()).isZero();
    assertThat(f.height()).isCloseTo(0.2, within(1e-6));
    assertThat(f.x()).isCloseTo(0.8, within(1e-6));
    assertThat(f.width()).isCloseTo(0.2, within(1e-6));
  }

  @Test
  void rejectsOutputsOfAnotherModel() {
    SsdDecoder d = new SsdDecoder(ANCHORS);
    assertThatThrownBy(() -> d.detect(new float[4], new float[1], 10, 10, SsdOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 2 boxes");
    assertThatThrownBy(() -> new SsdDecoder(new float[6]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SsdOptions(1.0, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
