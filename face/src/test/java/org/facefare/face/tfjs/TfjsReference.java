package org.facefare.face.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tools/tfjs-reference/graph-reference.mjs} (TensorFlow.js itself) on a model and reads
 * back what it wrote; skips the calling test when Node.js, the installed runtime or the model is
 * missing.
 */
final class TfjsReference {

  /** One output as TensorFlow.js computed it. */
  record Output(String name, int[] shape, float[] values) {}

  /** What the script wrote: its input, its outputs and how long TensorFlow.js took. */
  record Result(float[] input, int[] inputShape, List<Output> outputs, double medianMillis) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private TfjsReference() {}

  /** The human-models directory of the models cache; skips when the model is absent. */
  static Path model(String name) {
    String env = System.getenv("FACEFARE_MODELS");
    Path cache =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "facefare", "models");
    Path json = cache.resolve("human-models").resolve(name + ".json");
    assumeTrue(
        Files.isRegularFile(json),
        () -> "model " + json + " is absent; run ./facefare models fetch (or set FACEFARE_MODELS)");
    return json;
  }

  /** Runs the reference script; skips when Node.js or the TensorFlow.js runtime is missing. */
  static Result run(Path modelJson, Path out, double lo, double hi, String... extra)
      throws IOException, InterruptedException {
    Path tools = repository().resolve("tools/tfjs-reference");
    assumeTrue(
        Files.isDirectory(tools.resolve("node_modules/@tensorflow/tfjs")),
        () ->
            "TensorFlow.js is not installed in " + tools + "; run tools/tfjs-reference/install.sh");
    assumeTrue(nodeWorks(), "Node.js ('node') is not on the PATH");
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                tools.resolve("graph-reference.mjs").toString(),
                "--model",
                modelJson.toString(),
                "--out",
                out.toString(),
                "--range=" + lo + "," + hi));
    command.addAll(List.of(extra));
    Path log = Files.createTempFile("graph-reference", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("graph-reference.mjs timed out on " + modelJson);
      }
      assertThat(p.exitValue())
          .as("graph-reference.mjs exit status; its output:%n%s", Files.readString(log))
          .isZero();
    } finally {
      Files.deleteIfExists(log);
    }
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    List<Output> outputs = new ArrayList<>();
    for (JsonNode o : manifest.get("outputs")) {
      outputs.add(
          new Output(
              o.get("name").asText(),
              ints(o.get("shape")),
              floats(out.resolve(o.get("file").asText()))));
    }
    JsonNode in = manifest.get("input");
    return new Result(
        floats(out.resolve(in.get("file").asText())),
        ints(in.get("shape")),
        outputs,
        manifest.get("millis").get("median").asDouble());
  }

  /** The outputs by name. */
  static Map<String, Output> byName(Result r) {
    Map<String, Output> m = new LinkedHashMap<>();
    r.outputs().forEach(o -> m.put(o.name(), o));
    return m;
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static boolean nodeWorks() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path repository() {
    String prop = System.getProperty("facefare.repo");
    if (prop != null && Files.isDirectory(Path.of(prop, "tools"))) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("tools/tfjs-reference"))) {
        return p;
      }
    }
    throw new AssertionError("cannot find the repository's tools/tfjs-reference");
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static float[] floats(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }
}
