package org.facefare.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end on a small scale: real faces through virtual gates, the embedded PostgreSQL,
 * and a second run that reuses the first's data directory.
 */
class DemoRunnerTest {

  @TempDir Path data;

  @Test
  void aSmallPeakRunsWithNoFalseAcceptAndASecondRunReusesTheData() throws Exception {
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    Optional<Path> datasets = Optional.of(DemoFacesTest.datasets()).filter(Files::isDirectory);
    DemoRunner.Settings settings =
        new DemoRunner.Settings(
            data,
            datasets,
            models.folder("face-api"),
            2_000,
            160,
            Duration.ofSeconds(12),
            0.3,
            0.1,
            2,
            7,
            DemoRunner.RULE,
            Optional.of(org.facefare.server.web.WebSettings.localhost(0)));
    try (FaceEngine engine =
        FaceEngine.open(FaceEngineSettings.builder().models(models).build(), ImportListener.NONE)) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      java.util.concurrent.atomic.AtomicReference<Map<String, Object>> reported =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicInteger signInStatus =
          new java.util.concurrent.atomic.AtomicInteger();
      try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        // The web apps stay up after the report until the thread is interrupted (Ctrl-C): the
        // callback checks they answer, then interrupts, and the run must stop cleanly.
        assertThatThrownBy(
                () ->
                    new DemoRunner(settings, engine, out, false)
                        .run(
                            report -> {
                              reported.set(report);
                              signInStatus.set(signInPage(log.toString(StandardCharsets.UTF_8)));
                              Thread.currentThread().interrupt();
                            }))
            .isInstanceOf(InterruptedException.class);
      }
      Map<String, Object> first = reported.get();
      String text = log.toString(StandardCharsets.UTF_8);
      assertThat(signInStatus.get())
          .as("the demo's web apps answer; log:%n%s", text)
          .isEqualTo(200);
      assertThat(text).contains("operator console: http://127.0.0.1:");
      assertThat(first.get("passages")).isEqualTo(160L);
      assertThat(first.get("false_accepts")).as("report %s", first).isEqualTo(0L);
      assertThat(first.get("reconciliation_ok")).isEqualTo(true);
      assertThat((long) first.get("live_decisions"))
          .as("the live statistics were fed")
          .isPositive();
      assertThat((long) first.get("impostor_attempts")).isPositive();
      if (datasets.isPresent()) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> byKind =
            (Map<String, Map<String, Long>>) first.get("outcomes_by_kind");
        assertThat(byKind.get("genuine").getOrDefault("OPEN", 0L))
            .as("genuine riders let through; log:%n%s", text)
            .isPositive();
        assertThat(byKind.get("impostor")).doesNotContainKey("OPEN");
      }
      assertThat(text).contains("0 riders loaded from the vault");

      ByteArrayOutputStream log2 = new ByteArrayOutputStream();
      Map<String, Object> second;
      try (PrintStream out = new PrintStream(log2, true, StandardCharsets.UTF_8)) {
        second = new DemoRunner(settings.withWeb(Optional.empty()), engine, out, false).run();
      }
      assertThat(second.get("simulated_day")).isNotEqualTo(first.get("simulated_day"));
      assertThat(log2.toString(StandardCharsets.UTF_8))
          .containsPattern("[1-9][0-9]* riders loaded from the vault");
      assertThat(second.get("false_accepts")).as("report %s", second).isEqualTo(0L);
      assertThat(second.get("reconciliation_ok")).isEqualTo(true);
    }
  }

  /** The status of the sign-in page of the rider portal the demo's log names. */
  private static int signInPage(String log) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("rider portal: +(http://\\S+)/").matcher(log);
    if (!m.find()) {
      return -1;
    }
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.group(1) + "/signin"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
