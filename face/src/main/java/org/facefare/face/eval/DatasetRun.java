package org.facefare.face.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.facefare.face.FaceAnalysis;
import org.facefare.face.FaceEngine;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.quality.QualityFailure;

/**
 * The face pipeline run over every image of a dataset: what it found in each image, turned into
 * evaluation samples with or without the quality gate, plus counts of what the gate and the
 * presentation-attack check would refuse.
 *
 * @param dataset the dataset
 * @param model the embedder's id
 * @param outcomes one per image, in dataset order
 */
public record DatasetRun(FaceDataset dataset, String model, List<ImageOutcome> outcomes) {

  /** Copies the outcomes. */
  public DatasetRun {
    outcomes = List.copyOf(outcomes);
  }

  /** What the pipeline made of one image. */
  public sealed interface ImageOutcome {
    /** The image the outcome is for. */
    DatasetImage image();
  }

  /**
   * The file could not be decoded.
   *
   * @param image the image
   * @param reason the decoder's reason
   */
  public record Undecodable(DatasetImage image, String reason) implements ImageOutcome {}

  /**
   * The pipeline's analysis.
   *
   * @param image the image
   * @param analysis what it found
   */
  public record Analysed(DatasetImage image, FaceAnalysis analysis) implements ImageOutcome {}

  /**
   * Runs the engine over the dataset.
   *
   * @param threads worker threads (the engine's sessions are shared)
   * @param progress told the number of images done after each one
   */
  public static DatasetRun of(
      FaceEngine engine, FaceDataset dataset, int threads, IntConsumer progress)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ImageOutcome>> futures = new ArrayList<>();
      int[] done = {0};
      for (DatasetImage img : dataset.images()) {
        futures.add(
            pool.submit(
                () -> {
                  ImageOutcome o = analyse(engine, img);
                  synchronized (done) {
                    progress.accept(++done[0]);
                  }
                  return o;
                }));
      }
      List<ImageOutcome> out = new ArrayList<>();
      for (Future<ImageOutcome> f : futures) {
        out.add(f.get());
      }
      return new DatasetRun(dataset, engine.modelId(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("pipeline failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static ImageOutcome analyse(FaceEngine engine, DatasetImage img) throws IOException {
    byte[] bytes = Files.readAllBytes(img.path());
    try {
      return new Analysed(img, engine.analyse(bytes));
    } catch (ImageDecodeException e) {
      return new Undecodable(img, "UNDECODABLE_" + e.reason());
    }
  }

  /**
   * The evaluation samples.
   *
   * @param qualityGate whether faces that fail a quality check, and frames with several comparable
   *     faces, and small frames without a detection count as unusable, as a gate would refuse them;
   *     without it the most prominent face of every frame is used (the policy of face-api.js's
   *     {@code detectSingleFace}) and a small frame without a detection is used whole as a tight
   *     crop (the peer protocol's fallback)
   */
  public List<Sample> samples(boolean qualityGate) {
    List<Sample> out = new ArrayList<>();
    for (ImageOutcome o : outcomes) {
      DatasetImage img = o.image();
      Sample s =
          switch (o) {
            case Undecodable u -> Sample.unusable(img.identity(), img.imageId(), u.reason());
            case Analysed a -> sample(img, a.analysis(), qualityGate);
          };
      out.add(YaleLighting.tag(s));
    }
    return out;
  }

  private static Sample sample(DatasetImage img, FaceAnalysis a, boolean qualityGate) {
    if (a.face().isEmpty()) {
      return Sample.unusable(img.identity(), img.imageId(), "NO_FACE");
    }
    if (qualityGate && a.wholeFrame()) {
      return Sample.unusable(img.identity(), img.imageId(), "NO_FACE");
    }
    if (qualityGate && a.ambiguous()) {
      return Sample.unusable(img.identity(), img.imageId(), "MULTIPLE_FACES");
    }
    FaceAnalysis.Face f = a.face().get();
    if (qualityGate && !f.quality().passed()) {
      QualityFailure q = f.quality().firstFailure().orElseThrow();
      return Sample.unusable(img.identity(), img.imageId(), "LOW_QUALITY_" + q.reason());
    }
    return Sample.usable(img.identity(), img.imageId(), f.template().vector());
  }

  /** How many faces each quality check refuses first (the gate's reason), by reason. */
  public Map<String, Long> qualityRefusals() {
    Map<String, Long> m = new TreeMap<>();
    for (FaceAnalysis.Face f : faces()) {
      f.quality().firstFailure().ifPresent(q -> m.merge(q.reason().name(), 1L, Long::sum));
    }
    return m;
  }

  /** The combined presentation-attack scores of every face found, sorted ascending. */
  public List<Double> livenessScores() {
    List<Double> s = new ArrayList<>();
    for (FaceAnalysis.Face f : faces()) {
      s.add(f.liveness().combined());
    }
    Collections.sort(s);
    return s;
  }

  /** How many small frames without a detection were used whole, as a tight crop. */
  public long wholeFrame() {
    return outcomes.stream()
        .filter(o -> o instanceof Analysed a && a.analysis().wholeFrame())
        .count();
  }

  /** How many frames were searched and embedded on their low-light lift. */
  public long lowLightLifted() {
    return outcomes.stream()
        .filter(o -> o instanceof Analysed a && a.analysis().lowLightLifted())
        .count();
  }

  /** How many frames a gate would refuse as {@code MULTIPLE_FACES}. */
  public long ambiguous() {
    return outcomes.stream()
        .filter(o -> o instanceof Analysed a && a.analysis().ambiguous())
        .count();
  }

  /** How many images the tight-crop margin was used on. */
  public long marginUsed() {
    return outcomes.stream()
        .filter(o -> o instanceof Analysed a && a.analysis().marginUsed())
        .count();
  }

  private List<FaceAnalysis.Face> faces() {
    List<FaceAnalysis.Face> fs = new ArrayList<>();
    for (ImageOutcome o : outcomes) {
      if (o instanceof Analysed a) {
        a.analysis().face().ifPresent(fs::add);
      }
    }
    return fs;
  }
}
