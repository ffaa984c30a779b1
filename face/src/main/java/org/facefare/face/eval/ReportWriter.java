package org.facefare.face.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes evaluation results to a folder: {@code figures.json} (the machine-readable contract),
 * {@code report.md} and the PNG plots it embeds.
 */
public final class ReportWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /**
   * Writes one run: {@code figures.json}, {@code report.md}, {@code det.png} (the run and its
   * breakdown subsets) and {@code scores.png} (genuine and impostor score histograms).
   */
  public static void write(EvalResult result, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    JSON.writeValue(outDir.resolve("figures.json").toFile(), Figures.of(result));
    String name = result.settings().model() + " on " + result.settings().dataset();
    List<Charts.Curve> curves = new ArrayList<>();
    curves.add(new Charts.Curve("all images", result.verification().det()));
    for (Breakdown b : result.breakdowns()) {
      for (Subset s : b.subsets()) {
        if (s.verification() instanceof Measured.Value<VerificationResult> v) {
          curves.add(new Charts.Curve(b.tag() + " = " + s.value(), v.result().det()));
        }
      }
    }
    Charts.det("DET: " + name, curves, outDir.resolve(MarkdownReport.DET_PNG));
    Charts.histogram(
        "Scores: " + name,
        result.verification().scores(),
        outDir.resolve(MarkdownReport.SCORES_PNG));
    Files.writeString(outDir.resolve("report.md"), MarkdownReport.of(result));
  }

  /**
   * Writes several runs (models or datasets) side by side: each run's own report in a sub-folder
   * named after it, {@code comparison.md}, {@code comparison.json} (an array of the runs' figures)
   * and {@code det-comparison.png} with one DET curve per run.
   */
  public static void writeComparison(List<EvalResult> results, Path outDir) throws IOException {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("a comparison needs at least one run");
    }
    Files.createDirectories(outDir);
    ArrayNode all = JSON.createArrayNode();
    List<Charts.Curve> curves = new ArrayList<>();
    Set<String> folders = new HashSet<>();
    for (EvalResult r : results) {
      String label = r.settings().model() + " (" + r.settings().dataset() + ")";
      String folder = slug(label);
      if (!folders.add(folder)) {
        throw new IllegalArgumentException("two runs are both called " + label);
      }
      write(r, outDir.resolve(folder));
      all.add(Figures.of(r));
      curves.add(new Charts.Curve(label, r.verification().det()));
    }
    JSON.writeValue(outDir.resolve("comparison.json").toFile(), all);
    Charts.det("DET comparison", curves, outDir.resolve(MarkdownReport.COMPARISON_DET_PNG));
    Files.writeString(outDir.resolve("comparison.md"), MarkdownReport.comparison(results));
  }

  private static String slug(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
  }
}
