package org.facefare.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.FaceResult;
import org.facefare.face.eval.FaceDataset;
import org.facefare.face.eval.MachineInfo;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.InferenceSettings;
import org.facefare.face.tfjs.ImportListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare bench face}: per-frame latency of the whole gate pipeline (JPEG decode → detect →
 * align → quality → presentation-attack check → embed) on one thread, throughput on two, peak
 * memory, and the face-api.js pipeline in TensorFlow.js (wasm) on the same frames in the same run.
 *
 * <p>Latency is measured per frame after a warm-up, one caller thread and ONNX Runtime limited to
 * one intra-op thread, so one core does the work; throughput runs two caller threads over the same
 * engine (ONNX Runtime sessions are thread-safe). The peer runs as a separate Node.js process on
 * the same JPEG files written to a temporary folder, with no upscaling or border (its natural
 * pipeline on a camera frame). Wall-clock figures on a shared machine are noisy: the ratio is what
 * to compare.
 */
@Command(
    name = "face",
    mixinStandardHelpOptions = true,
    description = "Gate pipeline latency and throughput against face-api.js on the same frames.")
final class FaceBench implements Callable<Integer> {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--frames", description = "Distinct frames (default: ${DEFAULT-VALUE}).")
  int frames = 40;

  @Option(names = "--repeat", description = "Passes over the frames (default: ${DEFAULT-VALUE}).")
  int repeat = 5;

  @Option(names = "--warmup", description = "Warm-up frames (default: ${DEFAULT-VALUE}).")
  int warmup = 30;

  @Option(
      names = "--throughput-seconds",
      description = "Duration of the two-thread run (default: ${DEFAULT-VALUE}).")
  int seconds = 20;

  @Option(names = "--no-peer", description = "Skip the face-api.js peer.")
  boolean noPeer;

  @Option(
      names = "--datasets",
      description = "Photo sets (default: $FACEFARE_DATASETS or ../shared/datasets).")
  Path datasets;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path repo = Path.of(System.getProperty("facefare.repo", ".")).toAbsolutePath().normalize();
    Path data = FaceDataset.sharedRoot(datasets);
    ModelCache cache = ModelCache.fromEnvironment();
    BenchFrames bench = BenchFrames.make(data, cache.root(), frames);
    System.err.printf(
        "bench face: %d frames of 640x480 from %s%n", bench.jpegs().size(), bench.source());
    Files.createDirectories(out);

    FaceEngineSettings settings =
        FaceEngineSettings.builder()
            .models(cache)
            .inference(InferenceSettings.SINGLE_THREAD)
            .build();
    double[] latency;
    Map<String, Integer> outcomes = new TreeMap<>();
    double fps;
    try (FaceEngine engine = FaceEngine.open(settings, ImportListener.NONE)) {
      for (int i = 0; i < warmup; i++) {
        run(engine, bench.jpegs().get(i % bench.jpegs().size()));
      }
      latency = new double[bench.jpegs().size() * repeat];
      int k = 0;
      for (int r = 0; r < repeat; r++) {
        for (byte[] jpeg : bench.jpegs()) {
          long t0 = System.nanoTime();
          FaceResult res = run(engine, jpeg);
          latency[k++] = (System.nanoTime() - t0) / 1e6;
          if (r == 0) {
            outcomes.merge(res.getClass().getSimpleName(), 1, Integer::sum);
          }
        }
      }
      fps = throughput(engine, bench.jpegs(), 2, seconds);
    }
    long rss = peakRssKb();
    Arrays.sort(latency);
    double p50 = percentile(latency, 50);
    double p99 = percentile(latency, 99);
    System.err.printf(
        Locale.ROOT,
        "facefare: p50 %.1f ms, p99 %.1f ms (one thread), %.1f frames/s (two threads), peak RSS %d MB, outcomes %s%n",
        p50,
        p99,
        fps,
        rss / 1024,
        outcomes);

    ObjectNode fig = JSON.createObjectNode();
    fig.put("frames", bench.jpegs().size());
    fig.put("frame_size", BenchFrames.WIDTH + "x" + BenchFrames.HEIGHT + " JPEG q90");
    fig.put("frame_source", bench.source());
    fig.put("measured_frames", latency.length);
    fig.put("p50_ms", round(p50));
    fig.put("p90_ms", round(percentile(latency, 90)));
    fig.put("p99_ms", round(p99));
    fig.put("frames_per_s", round(fps));
    fig.put("peak_rss_mb", rss / 1024);
    fig.set("outcomes_first_pass", JSON.valueToTree(outcomes));
    fig.put("embedder", settings.embedder().id());
    if (!noPeer) {
      JsonNode peer = runPeer(repo, cache, bench.jpegs());
      double peerP50 = peer.path("latency").path("p50_ms").asDouble();
      fig.put(
          "peer",
          "face-api.js " + peer.path("meta").path("face_api").asText("1.7.15") + " (tfjs wasm)");
      fig.put("peer_p50_ms", round(peerP50));
      fig.put("peer_p99_ms", round(peer.path("latency").path("p99_ms").asDouble()));
      fig.put("speedup", round(peerP50 / p50));
      System.err.printf(Locale.ROOT, "peer: p50 %.1f ms → speedup %.1fx%n", peerP50, peerP50 / p50);
    }
    fig.set("machine", JSON.valueToTree(MachineInfo.collect()));
    JSON.writeValue(out.resolve("figures.json").toFile(), fig);
    LatencyChart.write(latency, out.resolve("latency.png"));
    Files.writeString(out.resolve("report.md"), report(fig));
    return 0;
  }

  private static FaceResult run(FaceEngine engine, byte[] jpeg) {
    try {
      return engine.process(jpeg);
    } catch (ImageDecodeException e) {
      throw new IllegalStateException("benchmark frame does not decode: " + e.getMessage(), e);
    }
  }

  private static double throughput(FaceEngine engine, List<byte[]> jpegs, int threads, int seconds)
      throws InterruptedException {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> workers = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int start = t;
      Thread w =
          new Thread(
              () -> {
                for (int i = start; System.nanoTime() < end; i += threads) {
                  run(engine, jpegs.get(i % jpegs.size()));
                  done.incrementAndGet();
                }
              });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    return done.get() / ((System.nanoTime() - t0) / 1e9);
  }

  private JsonNode runPeer(Path repo, ModelCache cache, List<byte[]> jpegs)
      throws IOException, InterruptedException {
    Path tools = repo.resolve("tools/tfjs-reference");
    Path dir = Files.createTempDirectory("facefare-bench-");
    try {
      Path frames = dir.resolve("frames").resolve("camera");
      Files.createDirectories(frames);
      for (int i = 0; i < jpegs.size(); i++) {
        Files.write(frames.resolve(String.format("frame-%03d.jpg", i)), jpegs.get(i));
      }
      Path result = dir.resolve("peer.json");
      List<String> cmd =
          List.of(
              "node",
              tools.resolve("faceapi-peer.mjs").toString(),
              "--latency",
              "--dataset",
              dir.resolve("frames").toString(),
              "--out",
              result.toString(),
              "--models",
              cache.folder("face-api").toString(),
              "--upscale",
              "1",
              "--borders",
              "0",
              "--warmup",
              "3",
              "--repeat",
              "1");
      System.err.println("peer: running face-api.js on the same frames (about 1 s each) ...");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException("face-api.js peer failed: " + log.strip());
      }
      return JSON.readTree(result.toFile());
    } finally {
      BenchFiles.deleteTree(dir);
    }
  }

  private static String report(ObjectNode fig) throws IOException {
    StringBuilder s = new StringBuilder("# Face pipeline speed\n\n");
    s.append("| figure | value |\n| --- | --- |\n");
    fig.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isObject()) {
                s.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(e.getValue().asText())
                    .append(" |\n");
              }
            });
    s.append("\n![latency histogram](latency.png)\n\n## Machine\n\n");
    fig.path("machine")
        .fields()
        .forEachRemaining(
            e ->
                s.append("- ")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue().asText())
                    .append('\n'));
    return s.toString();
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static long peakRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("/proc/self/status has no VmHWM line");
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
