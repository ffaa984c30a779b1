package org.facefare.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facefare.face.models.ModelCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceFareCliTest {

  @TempDir Path tmp;

  private record Run(int status, String err) {}

  private static Run run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      int status = FaceFareCli.commandLine().execute(args);
      return new Run(status, err.toString());
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void missingDatasetIsAClearErrorWithExitStatus2() {
    Run r =
        run("eval", "faces", "--dataset", tmp.resolve("nope").toString(), "--out", tmp.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read dataset").contains("nope");
  }

  @Test
  void unknownEmbedderIsAClearError() throws Exception {
    Path ds = tmp.resolve("ds");
    Files.createDirectories(ds.resolve("a"));
    Files.write(ds.resolve("a/1.png"), new byte[] {1});
    Files.createDirectories(ds.resolve("b"));
    Files.write(ds.resolve("b/1.png"), new byte[] {1});
    Run r =
        run(
            "eval",
            "faces",
            "--dataset",
            ds.toString(),
            "--model",
            "watchlist",
            "--out",
            tmp.resolve("out").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("unknown embedder 'watchlist'");
  }

  @Test
  void evalFacesWritesTheFiguresContract() throws Exception {
    ModelCache cache = ModelCache.fromEnvironment();
    assumeTrue(cache.isFetched(), "models are not fetched; skipping the end-to-end eval");
    String repo = System.getProperty("facefare.repo", ".");
    Path photos =
        System.getenv("FACEFARE_DATASETS") != null
            ? Path.of(System.getenv("FACEFARE_DATASETS"), "deepface-pairs")
            : Path.of(repo, "..", "shared", "datasets", "deepface-pairs");
    assumeTrue(Files.isDirectory(photos), photos + " is absent; skipping the end-to-end eval");
    Path ds = tmp.resolve("mini");
    for (String id : List.of("id00", "id01", "id02", "id05")) {
      Files.createDirectories(ds.resolve(id));
      try (var s = Files.list(photos.resolve(id))) {
        for (Path p : s.sorted().limit(2).toList()) {
          Files.copy(p, ds.resolve(id).resolve(p.getFileName()));
        }
      }
    }
    Path out = tmp.resolve("out");
    Run r = run("eval", "faces", "--dataset", ds.toString(), "--out", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode f = new ObjectMapper().readTree(out.resolve("figures.json").toFile());
    for (String key :
        List.of(
            "dataset",
            "model",
            "images",
            "unusable",
            "eer",
            "tar_at_far",
            "fnir_at_fpir",
            "rank1",
            "threshold_at_fmr")) {
      assertThat(f.has(key)).as("figures.json has " + key).isTrue();
    }
    assertThat(f.get("images").asInt()).isEqualTo(8);
    assertThat(f.get("model").asText()).isEqualTo("faceapi-resnet");
    assertThat(f.get("tar_at_far").has("1e-3")).isTrue();
    assertThat(f.get("threshold_at_fmr").has("1e-6")).isTrue();
    assertThat(out.resolve("report.md")).exists();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("low-light lift")
        .contains("frames lifted");
    assertThat(out.resolve("det.png")).exists();
    assertThat(out.resolve("quality-gated/figures.json")).exists();

    Path one = tmp.resolve("one-each");
    for (String id : List.of("id00", "id01")) {
      Files.createDirectories(one.resolve(id));
      try (var s = Files.list(ds.resolve(id))) {
        Path p = s.sorted().findFirst().orElseThrow();
        Files.copy(p, one.resolve(id).resolve(p.getFileName()));
      }
    }
    Run single =
        run("eval", "faces", "--dataset", one.toString(), "--out", tmp.resolve("o2").toString());
    assertThat(single.status()).isEqualTo(2);
    assertThat(single.err()).contains("cannot evaluate").contains("genuine");
  }
}
