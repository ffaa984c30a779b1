package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code tools/tfjs-reference/faceapi-peer.mjs} on three AT&T images and reads its output with
 * {@link PeerResults}; skipped when Node, the installed runtime, the face-api.js models or the
 * photos are absent.
 */
class FaceApiPeerScriptTest {

  private static Path tools;
  private static Path att;

  @TempDir Path dir;

  @BeforeAll
  static void locate() {
    Path repo = Path.of(System.getProperty("facefare.repo", "..")).toAbsolutePath().normalize();
    tools = repo.resolve("tools/tfjs-reference");
    assumeTrue(
        Files.isDirectory(tools.resolve("node_modules/@vladmandic/face-api")),
        "tools/tfjs-reference not installed (run tools/tfjs-reference/install.sh): skipped");
    String models = System.getenv("FACEFARE_MODELS");
    Path cache =
        models != null
            ? Path.of(models)
            : Path.of(System.getProperty("user.home"), ".cache/facefare/models");
    assumeTrue(
        Files.exists(cache.resolve("face-api/face_recognition_model-weights_manifest.json")),
        "face-api.js models absent from " + cache + " (./facefare models fetch): skipped");
    Optional<Path> found = Datasets.find("att");
    assumeTrue(found.isPresent(), "AT&T faces absent: skipped");
    att = found.get();
  }

  private static void node(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "faceapi-peer.mjs"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(tools.toFile()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "node is not on PATH: skipped");
      throw e;
    }
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("peer finished in time").isTrue();
    assertThat(p.exitValue()).as("peer exit status").isZero();
  }

  @Test
  void describesImagesInTheFormatPeerResultsReads() throws Exception {
    Path out = dir.resolve("att.json");
    node("--dataset", att.toString(), "--out", out.toString(), "--limit", "3");
    PeerResults peer = PeerResults.read(out);
    assertThat(peer.samples())
        .extracting(Sample::imageId)
        .containsExactly("s1/1.png", "s1/10.png", "s1/2.png");
    assertThat(peer.samples())
        .allSatisfy(s -> assertThat(((SampleOutcome.Usable) s.outcome()).embedding()).hasSize(128));
    assertThat(peer.meta()).containsEntry("face_api", "1.7.15").containsEntry("backend", "wasm");
    assertThat(Arrays.stream(peer.millis()).min().orElseThrow()).isPositive();
  }

  @Test
  void latencyModeReportsPercentiles() throws Exception {
    Path out = dir.resolve("latency.json");
    node(
        "--latency",
        "--dataset",
        att.toString(),
        "--out",
        out.toString(),
        "--limit",
        "2",
        "--warmup",
        "1",
        "--repeat",
        "1");
    JsonNode latency = new ObjectMapper().readTree(out.toFile()).get("latency");
    assertThat(latency.get("count").asInt()).isEqualTo(2);
    assertThat(latency.get("p50_ms").asDouble()).isPositive();
    assertThat(latency.get("p99_ms").asDouble())
        .isGreaterThanOrEqualTo(latency.get("p50_ms").asDouble());
  }
}
