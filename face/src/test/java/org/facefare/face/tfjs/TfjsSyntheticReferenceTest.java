package org.facefare.face.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facefare.face.tfjs.ModelFixture.attrs;
import static org.facefare.face.tfjs.ModelFixture.bool;
import static org.facefare.face.tfjs.ModelFixture.floatOp;
import static org.facefare.face.tfjs.ModelFixture.fused;
import static org.facefare.face.tfjs.ModelFixture.ints;
import static org.facefare.face.tfjs.ModelFixture.type;
import static org.facefare.face.tfjs.ModelFixture.values;
import static org.facefare.face.tfjs.ModelFixture.window;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made graph models run through TensorFlow.js itself and through the importer: every quantised
 * value decodes to exactly TensorFlow.js's float, and ops and attributes the seven human-models do
 * not use (explicit padding, dilation, fused Prelu and Relu6, a depthwise multiplier, channel
 * padding, transposed MatMul, broadcasting constants) compute the same.
 */
class TfjsSyntheticReferenceTest {

  @TempDir Path dir;

  /** {@code x + w} with {@code x} all zeros shows the decoded weight {@code w} itself. */
  private Path passThrough(String name, byte[] raw, ObjectNode quantization, int n)
      throws Exception {
    return new ModelFixture()
        .placeholder("x", -1, n)
        .quantised("w", raw, quantization, n)
        .node("y", "AddV2", List.of("x", "w"), floatOp())
        .write(dir.resolve(name));
  }

  private void assertBitIdentical(Path json) throws Exception {
    TfjsReference.Result ref = TfjsReference.run(json, json.getParent().resolve("ref"), 0, 0);
    ImportedModel m = TfjsGraphImporter.convert(json);
    try (OrtRun ort = new OrtRun(m, 1)) {
      float[] got = ort.run(ref.input()).get("y");
      float[] want = ref.outputs().get(0).values();
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < got.length; i++) {
        assertThat(Float.floatToIntBits(got[i]))
            .as("value %d: %s vs TensorFlow.js %s", i, got[i], want[i])
            .isEqualTo(Float.floatToIntBits(want[i]));
      }
    }
  }

  @Test
  void everyUint8ValueDecodesLikeTensorFlowJs() throws Exception {
    byte[] raw = new byte[256];
    for (int q = 0; q < 256; q++) {
      raw[q] = (byte) q;
    }
    assertBitIdentical(
        passThrough(
            "uint8", raw, ModelFixture.quantization("uint8", 0.0123456789, -1.23456789), 256));
  }

  @Test
  void everyUint16ValueDecodesLikeTensorFlowJs() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    for (int q = 0; q < 65536; q++) {
      b.putShort((short) q);
    }
    assertBitIdentical(
        passThrough(
            "uint16",
            b.array(),
            ModelFixture.quantization("uint16", 3.3333e-5, -0.777777777),
            65536));
  }

  /** Every float16 but the NaNs (whose payload an addition need not keep). */
  @Test
  void everyFloat16ValueDecodesLikeTensorFlowJs() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(2 * 65536).order(ByteOrder.LITTLE_ENDIAN);
    int n = 0;
    for (int h = 0; h < 65536; h++) {
      boolean nan = (h & 0x7c00) == 0x7c00 && (h & 0x03ff) != 0;
      if (!nan) {
        b.putShort((short) h);
        n++;
      }
    }
    byte[] raw = new byte[2 * n];
    b.flip().get(raw);
    assertBitIdentical(passThrough("float16", raw, ModelFixture.float16(), n));
  }

  @Test
  void lessCommonOpsMatchTensorFlowJs() throws Exception {
    ObjectNode explicit = window("EXPLICIT", 1, 1);
    explicit.set("explicit_paddings", ints(0, 0, 2, 1, 1, 2, 0, 0));
    explicit.set("dilations", ints(1, 2, 2, 1));
    ObjectNode transposedB = attrs("transpose_a", bool(false), "transpose_b", bool(true));
    transposedB.set("T", type("DT_FLOAT"));
    ObjectNode keep = attrs("T", type("DT_FLOAT"), "keep_dims", bool(true));
    Path json =
        new ModelFixture()
            .placeholder("x", -1, 9, 9, 3)
            // EXPLICIT padding (2, 1) x (1, 2) and dilation 2: 9 + 3 - 5 + 1 = 8.
            .constant("wa", values(1, 3, 3, 3, 4), 3, 3, 3, 4)
            .node("a", "Conv2D", List.of("x", "wa"), explicit)
            .constant("alpha", values(2, 4), 4)
            .node("a_prelu", "Prelu", List.of("a", "alpha"), attrs())
            .constant("wb", values(3, 1, 1, 4, 6), 1, 1, 4, 6)
            .constant("bb", values(4, 6), 6)
            .constant("ab", values(5, 1, 1, 6), 1, 1, 6)
            .node(
                "b",
                "_FusedConv2D",
                List.of("a", "wb", "bb", "ab"),
                fused(window("SAME", 2, 2), "BiasAdd", "Prelu"))
            .constant("wc", values(6, 3, 3, 6, 2), 3, 3, 6, 2)
            .constant("bc", values(7, 12), 12)
            .node(
                "c",
                "FusedDepthwiseConv2dNative",
                List.of("b", "wc", "bc"),
                fused(window("SAME", 1, 1), "BiasAdd", "Relu6"))
            .ints("channelPads", new int[] {0, 0, 0, 0, 0, 0, 2, 2}, 4, 2)
            .node("d", "Pad", List.of("c", "channelPads"), floatOp())
            .constant("we", values(8, 2, 2, 16, 8), 2, 2, 16, 8)
            .constant("be", values(9, 8), 8)
            .node(
                "e",
                "_FusedConv2D",
                List.of("d", "we", "be"),
                fused(window("VALID", 2, 2), "BiasAdd", "Relu"))
            .constant("tenth", new float[] {0.1f})
            .node("f", "Maximum", List.of("tenth", "e"), floatOp())
            .constant("caps", values(10, 8), 8)
            .node("g", "Minimum", List.of("f", "caps"), floatOp())
            .constant("offsets", values(11, 1, 1, 8), 1, 1, 8)
            .node("h", "Sub", List.of("g", "offsets"), floatOp())
            .node("p", "Abs", List.of("h"), floatOp())
            .ints("hw", new int[] {1, 2}, 2)
            .node("i", "Mean", List.of("h", "hw"), keep)
            .node(
                "j",
                "Squeeze",
                List.of("i"),
                attrs("T", type("DT_FLOAT"), "squeeze_dims", ints(1, 2)))
            .constant("wk", values(12, 5, 8), 5, 8)
            .constant("bk", values(13, 5), 5)
            .node(
                "k",
                "_FusedMatMul",
                List.of("j", "wk", "bk"),
                fused(transposedB, "BiasAdd", "Relu6"))
            .node("k2", "Square", List.of("k"), floatOp())
            .ints("last", new int[] {-1})
            .node("l", "Sum", List.of("k2", "last"), keep)
            .constant("eps", new float[] {1e-6f}, 1)
            .node("l2", "Maximum", List.of("l", "eps"), floatOp())
            .node("m", "Rsqrt", List.of("l2"), floatOp())
            .node("n", "Mul", List.of("k", "m"), floatOp())
            .node("o", "Sigmoid", List.of("n"), floatOp())
            .node("out", "Identity", List.of("o"), floatOp())
            .write(dir.resolve("ops"));
    TfjsReference.Result ref = TfjsReference.run(json, dir.resolve("ref"), -1, 1);
    ImportedModel m = TfjsGraphImporter.convert(json);
    assertThat(m.outputs().stream().map(TensorSpec::name)).containsExactly("a_prelu", "p", "out");
    try (OrtRun ort = new OrtRun(m, 1)) {
      Map<String, float[]> got = ort.run(ref.input());
      for (TfjsReference.Output want : ref.outputs()) {
        assertThat(m.output(want.name()).shape())
            .containsExactlyElementsOf(Arrays.stream(want.shape()).boxed().toList());
        assertThat(TfjsReferenceTest.closeness(got.get(want.name()), want.values()))
            .as("max |error| / tolerance of %s", want.name())
            .isLessThanOrEqualTo(1);
      }
    }
  }
}
