package org.facefare.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  /** 2 × 2 pixels: samples 0..11 in order. */
  private static RgbImage counting() {
    byte[] px = new byte[12];
    for (int i = 0; i < 12; i++) {
      px[i] = (byte) i;
    }
    return RgbImage.of(2, 2, px);
  }

  @Test
  void factoryCopiesAndAccessorsReadRowMajorRgb() {
    byte[] px = new byte[12];
    px[3] = 10; // pixel (1, 0) red
    px[10] = 20; // pixel (1, 1) green
    RgbImage img = RgbImage.of(2, 2, px);
    px[3] = 99;
    assertThat(img.sample(1, 0, 0)).isEqualTo(10);
    assertThat(img.rgb(1, 1)).isEqualTo(20 << 8);
    img.toByteArray()[0] = 5;
    assertThat(img.sample(0, 0, 0)).isZero();
    ByteBuffer view = img.pixels();
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.remaining()).isEqualTo(12);
    assertThat(view.get(3 * (1 * 2 + 1) + 1)).isEqualTo((byte) 20);
  }

  @Test
  void writesNhwcAndNchwTensorsWithScaling() {
    RgbImage img = counting();
    float[] nhwc = new float[14];
    img.writeTensor(nhwc, 2, TensorLayout.NHWC, PixelScaling.RAW);
    assertThat(nhwc).containsExactly(0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    float[] nchw = new float[12];
    img.writeTensor(nchw, 0, TensorLayout.NCHW, new PixelScaling(1, 2));
    // R plane: samples 0, 3, 6, 9; G: 1, 4, 7, 10; B: 2, 5, 8, 11; each (v - 1) * 2.
    assertThat(nchw).containsExactly(-2, 4, 10, 16, 0, 6, 12, 18, 2, 8, 14, 20);
    float[] symmetric = new float[12];
    RgbImage.of(2, 2, new byte[] {0, (byte) 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
        .writeTensor(symmetric, 0, TensorLayout.NHWC, PixelScaling.SYMMETRIC);
    assertThat(symmetric[0]).isEqualTo(-1f);
    assertThat(symmetric[1]).isEqualTo(1f);
    assertThatThrownBy(
            () -> img.writeTensor(new float[13], 2, TensorLayout.NHWC, PixelScaling.UNIT))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void badShapesAreRefused() {
    assertThatThrownBy(() -> RgbImage.of(2, 2, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12 bytes, got 11");
    assertThatThrownBy(() -> RgbImage.of(0, 5, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> RgbImage.of(70_000, 70_000, new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counting().rgb(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new PixelScaling(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalityIsByContent() {
    assertThat(counting()).isEqualTo(counting()).hasSameHashCodeAs(counting());
    assertThat(counting()).isNotEqualTo(RgbImage.of(2, 2, new byte[12]));
    assertThat(counting()).hasToString("RgbImage[2x2]");
  }

  @Test
  void bufferedImageCopyKeepsColours() {
    RgbImage img = RgbImage.of(1, 1, new byte[] {(byte) 200, 100, 50});
    assertThat(img.toBufferedImage().getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xC86432);
  }

  @Test
  void orientationIsADihedralSymmetryThatRoundTrips() {
    RgbImage img = counting();
    for (Orientation o : Orientation.values()) {
      assertThat(Orientation.fromExif(o.exifValue())).isEqualTo(o);
      RgbImage once = o.apply(img);
      // Mirrors, transposes and 180° turns are their own inverses; the two 90° turns undo each
      // other.
      Orientation undo =
          switch (o) {
            case ROTATE_90_CW -> Orientation.ROTATE_90_CCW;
            case ROTATE_90_CCW -> Orientation.ROTATE_90_CW;
            default -> o;
          };
      assertThat(undo.apply(once)).as(o.name()).isEqualTo(img);
    }
    assertThatThrownBy(() -> Orientation.fromExif(9)).isInstanceOf(IllegalArgumentException.class);
  }
}
