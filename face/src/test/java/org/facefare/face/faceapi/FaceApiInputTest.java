package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Small cases of the padding and resizing; FaceApiReferenceTest checks the sample photos against
 * face-api.js's own tensors.
 */
class FaceApiInputTest {

  @Test
  void anImageOfTheInputSizeIsCopied() {
    byte[] rgb = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 200};
    assertThat(FaceApiInput.squareResized(rgb, 2, 2, 2, false))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 200);
  }

  @Test
  void padsAtTheBottomOrRightUnlessCentring() {
    byte[] wide = {1, 1, 1, 2, 2, 2}; // 2x1
    assertThat(FaceApiInput.squareResized(wide, 2, 1, 2, false))
        .containsExactly(1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0);
    byte[] tall = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}; // 1x4: 1 column before, 2 after
    float[] centred = FaceApiInput.squareResized(tall, 1, 4, 4, true);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(centred[(y * 4 + x) * 3]).as("(%d, %d)", x, y).isEqualTo(x == 1 ? y + 1 : 0);
      }
    }
  }

  @Test
  void resizesBilinearlyWithoutHalfPixelCentres() {
    byte[] rgb = new byte[27]; // 3x3, red = 10 * column
    for (int i = 0; i < 9; i++) {
      rgb[3 * i] = (byte) (10 * (i % 3));
    }
    float[] out = FaceApiInput.squareResized(rgb, 3, 3, 2, false);
    // source x = 1.5 * destination x: 0 -> column 0, 1 -> halfway between columns 1 and 2.
    assertThat(out[0]).isEqualTo(0);
    assertThat(out[3]).isEqualTo(15);
    assertThat(out[9]).isEqualTo(15);
  }

  @Test
  void usesTheNetworksSizeAndPadding() {
    float[] t =
        FaceApiInput.toBatchTensor(new byte[3 * 20 * 10], 20, 10, FaceApiNet.FACE_RECOGNITION);
    assertThat(t).hasSize(150 * 150 * 3);
  }

  @Test
  void rejectsPixelsThatDoNotFitTheSize() {
    assertThatThrownBy(() -> FaceApiInput.squareResized(new byte[5], 1, 2, 4, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 6 RGB bytes");
    assertThatThrownBy(() -> FaceApiInput.squareResized(new byte[0], 0, 2, 4, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
