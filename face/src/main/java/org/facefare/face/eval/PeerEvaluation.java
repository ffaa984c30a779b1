package org.facefare.face.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command that evaluates face-api.js peer output files with FaceFare's metrics and writes their
 * reports.
 *
 * <pre>
 * java -cp ... org.facefare.face.eval.PeerEvaluation OUT_DIR PEER.json [PEER.json ...]
 * </pre>
 *
 * <p>Each file's report goes to {@code OUT_DIR/<dataset>/} (the dataset named by the folder the
 * peer read); with several files a comparison is written to {@code OUT_DIR} as well. Results are
 * broken down by detection and, when the file names carry Yale B light directions, by lighting.
 */
public final class PeerEvaluation {

  private PeerEvaluation() {}

  /** Runs the command; see the class documentation. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: PeerEvaluation OUT_DIR PEER.json [PEER.json ...]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    List<EvalResult> results = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      EvalResult result = evaluate(PeerResults.read(Path.of(args[i])));
      results.add(result);
      System.out.println(summary(result));
    }
    if (results.size() == 1) {
      ReportWriter.write(results.getFirst(), out);
    } else {
      ReportWriter.writeComparison(results, out);
    }
  }

  /** Evaluates one peer output with the default settings. */
  public static EvalResult evaluate(PeerResults peer) {
    String dataset =
        Path.of(peer.meta().getOrDefault("dataset", "dataset")).getFileName().toString();
    String model = "face-api.js " + peer.meta().getOrDefault("face_api", "(unknown version)");
    List<Sample> samples = peer.samples().stream().map(YaleLighting::tag).toList();
    boolean yale = samples.stream().allMatch(s -> s.tags().containsKey(YaleLighting.TAG));
    EvalSettings.Builder settings =
        EvalSettings.builder(dataset, model)
            .similarity(Similarity.negativeL2())
            .breakdownBy(PeerResults.DETECTION_TAG);
    if (yale) {
      settings.breakdownBy(YaleLighting.TAG);
    }
    peer.meta().forEach((k, v) -> settings.provenance("peer " + k, v));
    settings.provenance("peer undetected", peer.undetected() + " of " + samples.size());
    settings.provenance(
        "peer ms per image p50 / p99",
        String.format(
            Locale.ROOT, "%.1f / %.1f", peer.percentileMillis(50), peer.percentileMillis(99)));
    settings.provenance("java", System.getProperty("java.version"));
    return Evaluation.run(samples, settings.build());
  }

  private static String summary(EvalResult r) {
    String eer =
        switch (r.verification().eer()) {
          case Eer.Interpolated e -> String.format(Locale.ROOT, "%.2f%%", 100 * e.rate());
          case Eer.Undefined u -> "undefined (" + u.reason() + ")";
        };
    return String.format(
        Locale.ROOT,
        "%s: %d images, EER %s, rank-1 %.2f%%",
        r.settings().dataset(),
        r.images(),
        eer,
        100 * r.identification().rank1());
  }
}
