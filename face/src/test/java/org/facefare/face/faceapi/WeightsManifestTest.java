package org.facefare.face.faceapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WeightsManifestTest {

  @TempDir Path dir;

  @Test
  void decodesEveryStorageFormatAcrossShardsAndGroups() throws Exception {
    byte[] a =
        le(12)
            .putFloat(1.5f)
            .putFloat(-2f) // w: float32 [2]
            .put((byte) 0)
            .put((byte) 3) // q8: uint8 [2]
            .put((byte) 255)
            .put((byte) 0) // half of q16 ...
            .array();
    byte[] b =
        le(8)
            .putShort((short) 0xFFFF) // ... q16: uint16 [2] = {255, 65535}
            .putShort(Float.floatToFloat16(0.333f)) // h: float16 [1]
            .put((byte) 2) // i8: int32 via uint8 [1]
            .put(new byte[3])
            .array();
    byte[] c = le(4).putInt(-7).array(); // i: int32 [1]
    Files.write(dir.resolve("a.bin"), a);
    Files.write(dir.resolve("b.bin"), b);
    Files.write(dir.resolve("c.bin"), c);
    Path manifest =
        manifest(
            """
            [{"paths": ["a.bin", "b.bin"], "weights": [
               {"name": "w", "shape": [2], "dtype": "float32"},
               {"name": "q8", "shape": [2], "dtype": "float32",
                "quantization": {"dtype": "uint8", "scale": 0.1, "min": -0.25}},
               {"name": "q16", "shape": [1, 2], "dtype": "float32",
                "quantization": {"dtype": "uint16", "scale": 0.001, "min": 1}},
               {"name": "h", "shape": [], "dtype": "float32", "quantization": {"dtype": "float16"}},
               {"name": "i8", "shape": [1], "dtype": "int32",
                "quantization": {"dtype": "uint8", "scale": 0.75, "min": -0.1}},
               {"name": "pad", "shape": [3], "dtype": "int32",
                "quantization": {"dtype": "uint8", "scale": 1, "min": 0}}]},
             {"paths": ["c.bin"], "weights": [{"name": "i", "shape": [1], "dtype": "int32"}]}]
            """);

    WeightsManifest.WeightSet set = WeightsManifest.read(manifest);

    assertThat(set.weights().keySet()).containsExactly("w", "q8", "q16", "h", "i8", "pad", "i");
    assertThat(floats(set, "w")).containsExactly(1.5f, -2f);
    // q * scale + min in double, rounded once to float32, as TensorFlow.js does.
    assertThat(floats(set, "q8")).containsExactly((float) -0.25, (float) (3 * 0.1 - 0.25));
    assertThat(floats(set, "q16"))
        .containsExactly((float) (255 * 0.001 + 1), (float) (65535 * 0.001 + 1));
    assertThat(set.weights().get("q16").shape()).containsExactly(1, 2);
    assertThat(floats(set, "h"))
        .containsExactly(Float.float16ToFloat(Float.floatToFloat16(0.333f)));
    assertThat(ints(set, "i8")).containsExactly(1); // Math.round(2 * 0.75 - 0.1) = round(1.4)
    assertThat(ints(set, "i")).containsExactly(-7);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(a);
    sha.update(b);
    sha.update(c);
    assertThat(set.weightsSha256()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
  }

  static Stream<Arguments> badManifests() {
    String ok = "{\"name\": \"w\", \"shape\": [1], \"dtype\": \"float32\"}";
    return Stream.of(
        Arguments.of("[", "not valid JSON"),
        Arguments.of("{}", "expected a non-empty JSON array"),
        Arguments.of("[]", "expected a non-empty JSON array"),
        Arguments.of("[{\"paths\": [\"w.bin\"]}]", "expected an object with a 'weights' array"),
        Arguments.of("[{\"weights\": [" + ok + "]}]", "non-empty 'paths' array"),
        Arguments.of("[{\"paths\": [\"nope.bin\"], \"weights\": [" + ok + "]}]", "does not exist"),
        Arguments.of(
            "[{\"paths\": [\"../w.bin\"], \"weights\": [" + ok + "]}]", "leaves the manifest's"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [" + ok + "," + ok + "]}]",
            "shards hold 4 bytes but its weights need 8 bytes"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"name\": \"w\", \"shape\": [2],"
                + " \"dtype\": \"float32\", \"quantization\": {\"dtype\": \"uint8\","
                + " \"scale\": 1, \"min\": 0}}]}]",
            "shards hold 4 bytes but its weights need 2 bytes"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"shape\": [1], \"dtype\": \"float32\"}]}]",
            "has no name"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"name\": \"w\", \"shape\": [-1],"
                + " \"dtype\": \"float32\"}]}]",
            "weight 'w': shape [-1] is not a list of sizes"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"name\": \"w\", \"shape\": [4],"
                + " \"dtype\": \"bool\"}]}]",
            "weight 'w': dtype 'bool' is not supported"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"name\": \"w\", \"shape\": [4],"
                + " \"dtype\": \"float32\", \"quantization\": {\"dtype\": \"int4\"}}]}]",
            "weight 'w': quantization dtype 'int4' is not uint8, uint16 or float16"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"name\": \"w\", \"shape\": [4],"
                + " \"dtype\": \"float32\", \"quantization\": {\"dtype\": \"uint8\","
                + " \"min\": 0}}]}]",
            "weight 'w': uint8 quantization needs numeric 'scale' and 'min'"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": [{\"name\": \"w\", \"shape\": [2],"
                + " \"dtype\": \"int32\", \"quantization\": {\"dtype\": \"float16\"}}]}]",
            "weight 'w': float16 quantization applies to float32 weights only"),
        Arguments.of(
            "[{\"paths\": [\"w.bin\"], \"weights\": ["
                + ok
                + "]},"
                + " {\"paths\": [\"w.bin\"], \"weights\": ["
                + ok
                + "]}]",
            "weight 'w' is declared twice"));
  }

  @ParameterizedTest
  @MethodSource("badManifests")
  void rejectsBadManifestsNamingTheProblem(String json, String message) throws Exception {
    Files.write(dir.resolve("w.bin"), new byte[4]);
    Path manifest = manifest(json);
    assertThatThrownBy(() -> WeightsManifest.read(manifest))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aMissingManifestIsNamed() {
    Path missing = dir.resolve("absent-weights_manifest.json");
    assertThatThrownBy(() -> WeightsManifest.read(missing))
        .isInstanceOf(FaceApiWeightsException.class)
        .hasMessageContaining("weights manifest " + missing + " does not exist");
  }

  private Path manifest(String json) throws IOException {
    return Files.writeString(dir.resolve("m-weights_manifest.json"), json);
  }

  private static ByteBuffer le(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static float[] floats(WeightsManifest.WeightSet set, String name) {
    return ((Weight.Floats) set.weights().get(name)).values();
  }

  private static int[] ints(WeightsManifest.WeightSet set, String name) {
    return ((Weight.Ints) set.weights().get(name)).values();
  }
}
