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
import org.facefare.server.web.WebSettings;
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
      description = "No web apps: run the peak, print the report and exit.")
  boolean headless;

  @Option(
      names = "--port",
      description =
          "Port of the web apps on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(
      names = "--threshold",
      description =
          "Open-set threshold: the lowest cosine that identifies a rider (default: ${DEFAULT-VALUE},"
              + " the default model's FMR 1e-4 threshold as calibrated before the low-light lift,"
              + " stricter than that FMR since; 0.9856, the gallery's default, was its FMR 1e-6"
              + " one).")
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
    if (port < 0 || port > 65_535) {
      System.err.println("facefare: --port must be 0 to 65535, not " + port);
      return 2;
    }
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
            rule,
            headless ? Optional.empty() : Optional.of(WebSettings.localhost(port)));
    try (FaceEngine engine =
        FaceEngine.open(
            FaceEngineSettings.builder().models(models).build(), new ImportProgress())) {
      DemoRunner runner = new DemoRunner(settings, engine, System.out, System.console() != null);
      // Ctrl-C interrupts the run, which closes the web apps, the authority and the database; the
      // hook waits for that (up to 20 s) so that the JVM does not halt half-way.
      Thread main = Thread.currentThread();
      java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                main.interrupt();
                try {
                  closed.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "facefare-demo-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      java.util.concurrent.atomic.AtomicBoolean reported =
          new java.util.concurrent.atomic.AtomicBoolean();
      try {
        runner.run(
            result -> {
              writeReport(json, result);
              reported.set(true);
            });
      } catch (InterruptedException e) {
        System.out.println(
            reported.get()
                ? "facefare: stopped"
                : "facefare: interrupted before the end of the peak; no report");
        return reported.get() ? 0 : 130;
      } finally {
        closed.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already stopping (Ctrl-C): the hook is running and waits for this.
        }
      }
      return 0;
    }
  }

  private void writeReport(ObjectMapper json, Map<String, Object> result) {
    try {
      System.out.println(json.writeValueAsString(result));
      if (report != null) {
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        json.writeValue(report.toFile(), result);
        System.out.println("report: " + report);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("writing the report failed", e);
    }
  }
}
