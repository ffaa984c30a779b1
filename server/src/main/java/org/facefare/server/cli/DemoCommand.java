package org.facefare.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.eval.FaceDataset;
import org.facefare.face.models.ModelCache;
import org.facefare.gallery.DecisionRule;
import org.facefare.server.demo.DemoRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facefare demo}: a whole metro with face-pay gates, real faces and a morning peak. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run FaceFare's demo: the fare authority on the embedded PostgreSQL, riders enrolled with"
            + " real faces plus a synthetic crowd, virtual gates on the sample metro, and a morning"
            + " peak replayed through them. Prints progress and a report.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      description = "Data directory, reused by later runs (default: ${DEFAULT-VALUE}).")
  Path data = Path.of(System.getProperty("user.home"), ".local", "share", "facefare");

  @Option(
      names = "--datasets",
      description =
          "Shared photo sets (default: $FACEFARE_DATASETS or ../shared/datasets beside the"
              + " repository; without them the model packages' sample photos are used).")
  Path datasets;

  @Option(
      names = "--riders",
      description = "Synthetic riders enrolled besides the real ones (default: ${DEFAULT-VALUE}).")
  int riders = 100_000;

  @Option(
      names = "--minutes",
      description = "Wall-clock minutes the three-hour peak takes (default: ${DEFAULT-VALUE}).")
  double minutes = 3;

  @Option(
      names = "--passages",
      description = "Passages in the peak (default: 20 per wall-clock second).")
  Integer passages;

  @Option(
      names = "--gate-workers",
      description = "Threads that run the virtual gates (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(
      names = "--seed",
      description = "Seed of the peak and the crowd (default: ${DEFAULT-VALUE}).")
  long seed = 20261201L;

  @Option(
      names = "--headless",
      description = "No web console (there is none yet: the web issue builds it); report only.")
  boolean headless;

  @Option(
      names = "--threshold",
      description =
          "Open-set threshold: the lowest cosine that identifies a rider (default: ${DEFAULT-VALUE},"
              + " the default model's FMR 1e-4 threshold; 0.9856 is its FMR 1e-6 one).")
  double threshold = DemoRunner.RULE.threshold();

  @Option(
      names = "--margin",
      description =
          "Open-set margin: how far the best rider must lead the second (default: ${DEFAULT-VALUE}).")
  double margin = DemoRunner.RULE.margin();

  @Option(names = "--report", description = "Write the report as JSON to this file.")
  Path report;

  @picocli.CommandLine.Mixin ModelsCommand.CacheOption cache = new ModelsCommand.CacheOption();

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (riders < 1 || minutes <= 0 || workers < 1 || (passages != null && passages < 1)) {
      System.err.println(
          "facefare: --riders, --minutes, --passages and --gate-workers must be positive");
      return 2;
    }
    ModelCache models = cache.resolve();
    if (!models.isFetched()) {
      System.err.println(
          "facefare: models are not in " + models.root() + "; run ./facefare models fetch");
      return 2;
    }
    DecisionRule rule;
    try {
      rule = new DecisionRule(threshold, margin);
    } catch (IllegalArgumentException e) {
      System.err.println("facefare: " + e.getMessage());
      return 2;
    }
    Duration wall = Duration.ofMillis(Math.round(minutes * 60_000));
    DemoRunner.Settings settings =
        new DemoRunner.Settings(
            data,
            Optional.of(FaceDataset.sharedRoot(datasets)),
            models.folder("face-api"),
            riders,
            passages != null ? passages : (int) Math.max(1, wall.toSeconds() * 20),
            wall,
            0.15,
            0.05,
            workers,
            seed,
            rule);
    try (FaceEngine engine =
        FaceEngine.open(
            FaceEngineSettings.builder().models(models).build(), new ImportProgress())) {
      DemoRunner runner = new DemoRunner(settings, engine, System.out, System.console() != null);
      Thread main = Thread.currentThread();
      Thread hook = new Thread(main::interrupt, "facefare-demo-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      Map<String, Object> result = runner.run();
      Runtime.getRuntime().removeShutdownHook(hook);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      System.out.println(json.writeValueAsString(result));
      if (report != null) {
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        json.writeValue(report.toFile(), result);
        System.out.println("report: " + report);
      }
      return 0;
    }
  }
}
