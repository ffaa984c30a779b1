package org.facefare.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContrastStretchTest {

  private static RgbImage ramp(int lo, int hi) {
    int w = 100;
    byte[] px = new byte[3 * w];
    for (int x = 0; x < w; x++) {
      int v = lo + (hi - lo) * x / (w - 1);
      px[3 * x] = px[3 * x + 1] = px[3 * x + 2] = (byte) v;
    }
    return RgbImage.of(w, 1, px);
  }

  @Test
  void aDarkLowContrastCropIsStretchedToTheFullRange() {
    RgbImage out = new ContrastStretch(120).apply(ramp(10, 50));
    assertThat(out.sample(0, 0, 0)).isZero();
    assertThat(out.sample(99, 0, 0)).isEqualTo(255);
    assertThat(out.sample(50, 0, 1)).isBetween(110, 145);
  }

  @Test
  void aWellExposedCropIsLeftAsItIs() {
    RgbImage in = ramp(0, 255);
    assertThat(new ContrastStretch(120).apply(in)).isSameAs(in);
  }

  @Test
  void aFlatCropIsLeftAsItIs() {
    RgbImage in = ramp(77, 77);
    assertThat(new ContrastStretch(120).apply(in)).isSameAs(in);
  }

  @Test
  void rangeMustBeAnEightBitSpan() {
    assertThatThrownBy(() -> new ContrastStretch(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContrastStretch(256)).isInstanceOf(IllegalArgumentException.class);
  }
}
