package org.facefare.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.eval.DatasetRun;
import org.facefare.face.eval.Eer;
import org.facefare.face.eval.EvalResult;
import org.facefare.face.eval.EvalSettings;
import org.facefare.face.eval.Evaluation;
import org.facefare.face.eval.FaceDataset;
import org.facefare.face.eval.FnirAtFpir;
import org.facefare.face.eval.MachineInfo;
import org.facefare.face.eval.PeerEvaluation;
import org.facefare.face.eval.PeerResults;
import org.facefare.face.eval.ReportWriter;
import org.facefare.face.eval.YaleLighting;
import org.facefare.face.onnx.InferenceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code facefare eval} commands: accuracy of the face pipeline on labelled photo sets. */
@Command(
    name = "eval",
    description = "Measure accuracy on labelled photos.",
    subcommands = {EvalCommand.Faces.class})
final class EvalCommand {

  /** The embedders {@code --model all} evaluates. */
  static final List<String> CANDIDATES =
      List.of("faceapi-resnet", "faceres", "mobileface", "mobilefacenet");

  /** {@code facefare eval faces}. */
  @Command(
      name = "faces",
      mixinStandardHelpOptions = true,
      description =
          "Verification (EER, TAR at FAR) and open-set identification (FNIR at FPIR, rank-1) of the"
              + " face pipeline on a folder of identity sub-folders; writes report.md, figures.json"
              + " and PNG plots.")
  static final class Faces implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "Folder of identity sub-folders.")
    Path dataset;

    @Option(
        names = "--model",
        description =
            "Embedder: faceapi-resnet (default), faceres, mobileface, mobilefacenet, a path to an ArcFace-style"
                + " .onnx file, or 'all' for every default candidate side by side.")
    String model = "faceapi-resnet";

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Option(
        names = "--peer",
        description =
            "face-api.js peer output (JSON from tools/tfjs-reference/faceapi-peer.mjs) to compare"
                + " with on the same photos.")
    Path peer;

    @Option(
        names = "--contrast-stretch",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Stretch low-contrast face crops before embedding (default: on).")
    boolean contrastStretch;

    @Option(
        names = "--low-light-lift",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "Search, align and embed a dark face on a gamma-lifted copy of its frame (default: on).")
    boolean lowLightLift;

    @Option(
        names = "--debug-crops",
        description = "Write every aligned face crop as a PNG into this folder (development only).")
    Path debugCrops;

    @picocli.CommandLine.Mixin ModelsCommand.CacheOption cache = new ModelsCommand.CacheOption();

    @Override
    public Integer call() throws IOException {
      FaceDataset data;
      try {
        data = FaceDataset.load(dataset);
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("facefare: cannot read dataset " + dataset + ": " + e.getMessage());
        return 2;
      }
      List<String> models = model.equals("all") ? CANDIDATES : List.of(model);
      List<EvalResult> results = new ArrayList<>();
      for (String m : models) {
        FaceEngineSettings settings;
        try {
          FaceEngineSettings.Builder builder = FaceEngineSettings.builder();
          if (debugCrops != null) {
            builder.debugDir(models.size() == 1 ? debugCrops : debugCrops.resolve(m));
          }
          settings =
              builder
                  .models(cache.resolve())
                  .embedder(m)
                  .contrastStretch(contrastStretch)
                  .lowLightLift(lowLightLift)
                  .inference(InferenceSettings.SINGLE_THREAD)
                  .build();
        } catch (IllegalArgumentException e) {
          System.err.println("facefare: " + e.getMessage());
          return 2;
        }
        DatasetRun run;
        try (FaceEngine engine = FaceEngine.open(settings, new ImportProgress());
            ProgressBar bar = bar("eval " + m, data.images().size())) {
          run = DatasetRun.of(engine, data, threads, bar::stepTo);
        } catch (IOException e) {
          System.err.println("facefare: " + e.getMessage());
          return 2;
        }
        EvalResult ungated;
        EvalResult gated;
        try {
          ungated = Evaluation.run(run.samples(false), evalSettings(data, m, run, false));
          gated = Evaluation.run(run.samples(true), evalSettings(data, m, run, true));
        } catch (IllegalArgumentException e) {
          System.err.println("facefare: cannot evaluate " + dataset + ": " + e.getMessage());
          return 2;
        }
        results.add(ungated);
        Path dir = models.size() == 1 ? out : out.resolve(m);
        ReportWriter.write(ungated, dir);
        ReportWriter.write(gated, dir.resolve("quality-gated"));
        System.out.println(summary(ungated));
        System.out.println(summary(gated));
      }
      if (peer != null) {
        EvalResult p = PeerEvaluation.evaluate(PeerResults.read(peer));
        ReportWriter.write(p, out.resolve("peer"));
        System.out.println(summary(p));
        results.add(p);
      }
      if (results.size() > 1) {
        ReportWriter.writeComparison(results, out.resolve("comparison"));
      }
      Path report =
          results.size() > 1
              ? out.resolve("comparison").resolve("comparison.md")
              : out.resolve("report.md");
      System.out.println("report: " + report.toAbsolutePath());
      return 0;
    }

    private EvalSettings evalSettings(FaceDataset data, String m, DatasetRun run, boolean gated) {
      String name = dataset.toAbsolutePath().normalize().getFileName().toString();
      EvalSettings.Builder b = EvalSettings.builder(name, gated ? m + " (quality gate on)" : m);
      if (data.images().stream().allMatch(i -> YaleLighting.parse(i.imageId()).isPresent())) {
        b.breakdownBy(YaleLighting.TAG);
      }
      MachineInfo.collect().forEach(b::provenance);
      b.provenance(
          "pipeline",
          "BlazeFace 256 (on the low-light lift of a dark face's frame) → 68-point landmarks →"
              + " 5-point similarity alignment → "
              + m
              + " (mirror-averaged)");
      b.provenance(
          "quality gate",
          gated
              ? "on: a face failing a quality check is unusable, as a gate would refuse it"
              : "off: the most prominent face of every frame is embedded, as face-api.js's"
                  + " detectSingleFace does (the gated run is in quality-gated/)");
      b.provenance("tight-crop margin used on", run.marginUsed() + " images");
      b.provenance("contrast stretch of low-contrast crops", contrastStretch ? "on" : "off");
      b.provenance(
          "low-light lift (dark faces searched and embedded on a γ = "
              + FaceEngineSettings.defaultLowLightLift().gamma()
              + " lift of the frame)",
          lowLightLift ? "on: " + run.lowLightLifted() + " frames lifted" : "off");
      b.provenance(
          "small frames without a detection",
          run.wholeFrame()
              + (gated ? " (unusable here: NO_FACE)" : " (used whole as a tight face crop here)"));
      b.provenance(
          "frames with several comparable faces (a gate refuses them as MULTIPLE_FACES)",
          run.ambiguous()
              + (gated ? " (unusable here)" : " (the most prominent face is used here)"));
      b.provenance("quality refusals (first failed check)", run.qualityRefusals().toString());
      List<Double> live = run.livenessScores();
      if (!live.isEmpty()) {
        b.provenance(
            "liveness score on these bona fide photos p1 / p5 / p50",
            String.format(
                Locale.ROOT,
                "%.3f / %.3f / %.3f",
                live.get((int) (0.01 * (live.size() - 1))),
                live.get((int) (0.05 * (live.size() - 1))),
                live.get(live.size() / 2)));
      }
      return b.build();
    }
  }

  static String summary(EvalResult r) {
    String eer =
        switch (r.verification().eer()) {
          case Eer.Interpolated e -> String.format(Locale.ROOT, "%.2f%%", 100 * e.rate());
          case Eer.Undefined u -> "undefined";
        };
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s on %s: %d images, %d unusable %s, EER %s, rank-1 %.2f%%",
                r.settings().model(),
                r.settings().dataset(),
                r.images(),
                r.unusable(),
                r.unusableReasons().isEmpty() ? "" : r.unusableReasons(),
                eer,
                100 * r.identification().rank1()));
    for (FnirAtFpir f : r.identification().fnirAtFpir()) {
      s.append(
          String.format(
              Locale.ROOT, ", FNIR@FPIR %.0e %.2f%%", f.point().target(), 100 * f.fnir()));
    }
    return s.toString();
  }

  static ProgressBar bar(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .continuousUpdate()
        .build();
  }
}
