package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @TempDir Path dir;

  private static EvalResult run(String model, long seed) {
    List<Sample> samples = EvaluationPropertiesTest.randomSamples(seed, 12, 6, 0.1);
    return Evaluation.run(
        samples,
        EvalSettings.builder("toy", model)
            .breakdownBy("half")
            .provenance("revision", "abc")
            .build());
  }

  @Test
  void writesTheFiguresContractReportAndPlots() throws IOException {
    EvalResult result = run("model-a", 3);
    ReportWriter.write(result, dir);

    JsonNode f = new ObjectMapper().readTree(dir.resolve("figures.json").toFile());
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
            "threshold_at_fmr",
            "genuine_pairs",
            "impostor_pairs",
            "mated_probes",
            "non_mated_probes",
            "breakdowns",
            "tag_counts")) {
      assertThat(f.has(key)).as(key).isTrue();
    }
    assertThat(f.get("dataset").asText()).isEqualTo("toy");
    assertThat(f.get("images").asLong()).isEqualTo(result.images());
    assertThat(f.get("unusable").asLong()).isEqualTo(result.unusable()).isPositive();
    assertThat(f.get("tar_at_far").fieldNames())
        .toIterable()
        .containsExactly("1e-2", "1e-3", "1e-4");
    assertThat(f.get("fnir_at_fpir").fieldNames()).toIterable().containsExactly("1e-2", "1e-3");
    assertThat(f.get("threshold_at_fmr").fieldNames())
        .toIterable()
        .containsExactly("1e-4", "1e-5", "1e-6");
    // A few hundred impostor pairs cannot resolve FMR 1e-6: null with a reason, never a sentinel.
    assertThat(f.get("threshold_at_fmr").get("1e-6").isNull()).isTrue();
    assertThat(f.get("threshold_at_fmr_detail").get("1e-6").get("reason").asText())
        .contains("cannot resolve");
    assertThat(f.get("rank1").asDouble()).isEqualTo(result.identification().rank1());
    assertThat(f.get("breakdowns").get("half").has("even")).isTrue();
    assertThat(f.get("provenance").get("revision").asText()).isEqualTo("abc");

    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md)
        .contains("![DET curve](det.png)")
        .contains("| EER |")
        .contains("Breakdown by half");
    for (String png : List.of("det.png", "scores.png")) {
      BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
    }
  }

  @Test
  void writesAComparisonWithOneCurvePerRun() throws IOException {
    ReportWriter.writeComparison(List.of(run("model-a", 3), run("model-b", 4)), dir);
    assertThat(dir.resolve("model-a-toy/figures.json")).exists();
    assertThat(dir.resolve("model-b-toy/report.md")).exists();
    JsonNode all = new ObjectMapper().readTree(dir.resolve("comparison.json").toFile());
    assertThat(all.size()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("comparison.md"))).contains("| toy | model-a |");
    assertThat(ImageIO.read(dir.resolve("det-comparison.png").toFile())).isNotNull();
  }

  @Test
  void tagValuesWithPipesDoNotBreakTables() throws IOException {
    List<Sample> samples =
        EvaluationPropertiesTest.randomSamples(5, 6, 4, 0).stream()
            .map(s -> s.withTag(YaleLighting.TAG, YaleLighting.FRONTAL))
            .toList();
    ReportWriter.write(
        Evaluation.run(
            samples, EvalSettings.builder("toy", "m").breakdownBy(YaleLighting.TAG).build()),
        dir);
    assertThat(Files.readString(dir.resolve("report.md"))).contains("| \\|az\\|<=50 |");
  }

  @Test
  void rateLabels() {
    assertThat(Figures.rateLabel(1e-2)).isEqualTo("1e-2");
    assertThat(Figures.rateLabel(1e-6)).isEqualTo("1e-6");
    assertThat(Figures.rateLabel(0.3)).isEqualTo("0.3");
    assertThat(Figures.rateLabel(1)).isEqualTo("1");
  }
}
