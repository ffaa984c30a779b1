package org.facefare.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.FaceResult;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.InferenceSettings;
import org.facefare.face.tfjs.ImportListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the whole gate pipeline on one 640×480 JPEG frame at a time, one thread.
 *
 * <p>Run: {@code ./facefare jmh FacePipelineBenchmark} (add {@code -t 2} for two threads). The
 * side-by-side comparison with face-api.js is {@code ./facefare bench face}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector"})
public class FacePipelineBenchmark {

  private FaceEngine engine;
  private List<byte[]> frames;
  private int next;

  /** Loads the models and makes the frames. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String data = System.getenv("FACEFARE_DATASETS");
    Path datasets =
        data != null
            ? Path.of(data)
            : Path.of(System.getProperty("facefare.repo", "."), "../shared/datasets");
    ModelCache cache = ModelCache.fromEnvironment();
    frames = BenchFrames.make(datasets, cache.root(), 20).jpegs();
    engine =
        FaceEngine.open(
            FaceEngineSettings.builder()
                .models(cache)
                .inference(InferenceSettings.SINGLE_THREAD)
                .build(),
            ImportListener.NONE);
  }

  /** Releases the ONNX Runtime sessions. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** One frame through decode, detection, alignment, quality, liveness and embedding. */
  @Benchmark
  public FaceResult frame() throws ImageDecodeException {
    byte[] f = frames.get(next);
    next = (next + 1) % frames.size();
    return engine.process(f);
  }
}
