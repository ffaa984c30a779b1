package org.facefare.face.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightDecoderTest {

  private static Tensor decode(WeightSpec spec, byte[] raw) {
    return WeightDecoder.decode(List.of(spec), ByteBuffer.wrap(raw), ImportListener.NONE)
        .get(spec.name());
  }

  /** Decodes the bytes given as unsigned values. */
  private static Tensor decode(WeightSpec spec, int... bytes) {
    byte[] raw = new byte[bytes.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) bytes[i];
    }
    return decode(spec, raw);
  }

  private static WeightSpec spec(String dtype, WeightSpec.Quantization q, int... shape) {
    return new WeightSpec("w", shape, dtype, Optional.ofNullable(q));
  }

  @Test
  void plainValuesAreLittleEndian() {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1.5f).putFloat(-2f);
    Tensor.Floats f = (Tensor.Floats) decode(spec("float32", null, 2), b.array());
    assertThat(f.data()).containsExactly(1.5f, -2f);
    assertThat(f.shape()).containsExactly(2);
    Tensor.Ints i = (Tensor.Ints) decode(spec("int32", null, 1, 1), 0xfe, 0xff, 0xff, 0xff);
    assertThat(i.data()).containsExactly(-2);
  }

  /**
   * TensorFlow.js computes {@code q * scale + min} on JavaScript numbers (doubles) and rounds once
   * into a Float32Array; doing it in float would differ for q = 2 below.
   */
  @Test
  void affineValuesAreComputedInDoubleAndRoundedOnce() {
    double scale = 0.1;
    double min = -0.3;
    Tensor.Floats f =
        (Tensor.Floats)
            decode(spec("float32", new WeightSpec.Affine(1, scale, min), 4), 0, 1, 2, 255);
    assertThat(f.data()[0]).isEqualTo((float) -0.3);
    assertThat(f.data()[1]).isEqualTo((float) -0.19999999999999998);
    assertThat(f.data()[2]).isEqualTo((float) -0.09999999999999998);
    assertThat(f.data()[3]).isEqualTo((float) 25.2);
    float inFloat = 2f * (float) scale + (float) min;
    assertThat(inFloat).isNotEqualTo(f.data()[2]);
  }

  @Test
  void uint16IsLittleEndianAndUnsigned() {
    Tensor.Floats f =
        (Tensor.Floats)
            decode(spec("float32", new WeightSpec.Affine(2, 1, 0), 2), 0x34, 0x12, 0xff, 0xff);
    assertThat(f.data()).containsExactly(0x1234, 65535);
  }

  @Test
  void affineInt32RoundsHalfUpLikeMathRound() {
    Tensor.Ints i =
        (Tensor.Ints) decode(spec("int32", new WeightSpec.Affine(1, 0.5, -1), 3), 1, 3, 4);
    assertThat(i.data()).containsExactly(0, 1, 1);
  }

  @Test
  void float16WidensExactly() {
    short[] halves = {0x3c00, (short) 0xc000, 0x0001, 0x7bff, 0x7c00, (short) 0x8000, 0x3555};
    ByteBuffer b = ByteBuffer.allocate(2 * halves.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : halves) {
      b.putShort(h);
    }
    Tensor.Floats f =
        (Tensor.Floats) decode(spec("float32", new WeightSpec.Half(), halves.length), b.array());
    assertThat(f.data())
        .containsExactly(1f, -2f, 0x1p-24f, 65504f, Float.POSITIVE_INFINITY, -0f, 0.333251953125f);
    assertThat(Float.floatToRawIntBits(f.data()[5])).isEqualTo(0x80000000);
  }

  @Test
  void sizeMismatchIsAnError() {
    WeightSpec three = spec("float32", null, 3);
    assertThatThrownBy(
            () -> WeightDecoder.decode(List.of(three), ByteBuffer.allocate(8), ImportListener.NONE))
        .isInstanceOf(TfjsImportException.class)
        .hasMessageContaining("describes 12 bytes but the shards hold 8");
  }

  @Test
  void unsupportedTypesAreErrors() {
    assertThatThrownBy(() -> decode(spec("bool", null, 1), 1, 0, 0, 0))
        .hasMessageContaining("dtype bool");
    assertThatThrownBy(() -> decode(spec("int32", new WeightSpec.Half(), 1), 0, 0))
        .hasMessageContaining("float16");
  }

  @Test
  void manifestErrorsAreClear(@TempDir Path dir) throws Exception {
    ModelFixture noScale = new ModelFixture().placeholder("x", 1, 2);
    noScale.quantised(
        "w", new byte[2], ModelFixture.attrs().put("dtype", "uint8").put("min", 0.0), 2);
    assertThatThrownBy(
            () -> GraphModelReader.read(noScale.write(dir.resolve("a")), ImportListener.NONE))
        .hasMessageContaining("'w' is uint8 quantised without scale and min");

    ModelFixture int4 = new ModelFixture().placeholder("x", 1, 2);
    int4.quantised("w", new byte[2], ModelFixture.attrs().put("dtype", "int4"), 2);
    assertThatThrownBy(
            () -> GraphModelReader.read(int4.write(dir.resolve("b")), ImportListener.NONE))
        .hasMessageContaining("unsupported quantisation 'int4'");
  }

  @Test
  void decodesEveryWeightOfAFile(@TempDir Path dir) throws Exception {
    ModelFixture m =
        new ModelFixture()
            .placeholder("x", 1, 2)
            .constant("a", new float[] {1, 2}, 2)
            .quantised("b", new byte[] {0, 10}, ModelFixture.quantization("uint8", 0.5, 1), 1, 2)
            .ints("c", new int[] {7}, 1);
    GraphModel g = GraphModelReader.read(m.write(dir), ImportListener.NONE);
    Map<String, Tensor> w = g.weights();
    assertThat(((Tensor.Floats) w.get("a")).data()).containsExactly(1, 2);
    assertThat(((Tensor.Floats) w.get("b")).data()).containsExactly(1, 6);
    assertThat(((Tensor.Ints) w.get("c")).data()).containsExactly(7);
  }
}
