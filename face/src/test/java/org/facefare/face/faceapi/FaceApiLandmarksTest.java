package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Small cases; FaceApiReferenceTest checks a non-square crop against face-api.js itself. */
class FaceApiLandmarksTest {

  @Test
  void aSquareCropKeepsTheRawCoordinates() {
    float[] raw = new float[136];
    raw[0] = 0.25f;
    raw[1] = 0.75f;
    float[] out = FaceApiLandmarks.relativeToCrop(raw, 0, 50, 50);
    assertThat(out[0]).isCloseTo(0.25f, within(1e-6f));
    assertThat(out[1]).isCloseTo(0.75f, within(1e-6f));
  }

  @Test
  void undoesTheCentringOfATallCrop() {
    // 50x100 is scaled to 56x112 and centred: 28 columns of padding on the left.
    float[] raw = new float[140];
    raw[4] = 0.5f; // x of point 0, read from offset 4
    raw[5] = 0.5f;
    float[] out = FaceApiLandmarks.relativeToCrop(raw, 4, 50, 100);
    assertThat(out[0]).isCloseTo(0.5f, within(1e-6f));
    assertThat(out[1]).isCloseTo(0.5f, within(1e-6f));
    raw[4] = 0.25f; // the left edge of the image in the square
    assertThat(FaceApiLandmarks.relativeToCrop(raw, 4, 50, 100)[0]).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void rejectsTooFewValues() {
    assertThatThrownBy(() -> FaceApiLandmarks.relativeToCrop(new float[136], 1, 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need 136 values from 1");
  }
}
