package org.facefare.face;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.facefare.face.image.ImageDecoder;
import org.facefare.face.image.LowLightLift;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.InferenceSettings;
import org.facefare.face.quality.QualitySettings;

/**
 * Everything the face pipeline is configured by; build one with {@link #builder()}.
 *
 * @param models the model cache
 * @param embedder the embedding model
 * @param inference ONNX Runtime thread counts
 * @param decoder image decoding limits
 * @param minDetectionScore the least detector score kept
 * @param nmsIou overlap above which weaker detections are suppressed
 * @param comparableFaceRatio a second face at least this prominent makes the frame {@code
 *     MULTIPLE_FACES}
 * @param tightCropMargin the black margin (× the longer side) added around small frames, whose face
 *     may fill the image
 * @param tightCropMaxSide frames whose longer side is at most this are treated as possible tight
 *     crops
 * @param contrastStretch whether low-contrast aligned crops are stretched before embedding
 * @param lowLightLift the gamma lift that a frame whose face measures as dark is searched, aligned
 *     and embedded on, if any
 * @param mirrorAverage whether each embedding is averaged with that of the mirrored crop
 * @param refineLandmarks whether alignment uses the 68-point landmark net's five points instead of
 *     the detector's four coarse keypoints
 * @param quality the quality floors
 * @param livenessThreshold the least combined presentation-attack score accepted
 * @param debugDir where to write one aligned crop per face, if anywhere
 */
public record FaceEngineSettings(
    ModelCache models,
    EmbedderChoice embedder,
    InferenceSettings inference,
    ImageDecoder.Settings decoder,
    double minDetectionScore,
    double nmsIou,
    double comparableFaceRatio,
    double tightCropMargin,
    int tightCropMaxSide,
    boolean contrastStretch,
    Optional<LowLightLift> lowLightLift,
    boolean mirrorAverage,
    boolean refineLandmarks,
    QualitySettings quality,
    double livenessThreshold,
    Optional<Path> debugDir) {

  /** Checks the arguments. */
  public FaceEngineSettings {
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(debugDir, "debugDir");
    Objects.requireNonNull(lowLightLift, "lowLightLift");
    check("minDetectionScore", minDetectionScore, 0, 1);
    check("nmsIou", nmsIou, 0, 1);
    check("comparableFaceRatio", comparableFaceRatio, 0.01, 1);
    check("tightCropMargin", tightCropMargin, 0, 2);
    check("livenessThreshold", livenessThreshold, 0, 1);
    if (tightCropMaxSide < 0) {
      throw new IllegalArgumentException("tightCropMaxSide must be >= 0");
    }
  }

  private static void check(String name, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
    }
  }

  /**
   * The measured default low-light lift: γ = 0.5 when more than 30 % of the aligned face's central
   * pixels have a luma below 40 (chosen on Yale B identities yaleB01–yaleB10, see {@code
   * docs/accuracy.md}).
   */
  public static LowLightLift defaultLowLightLift() {
    return new LowLightLift(0.5, 40, 0.3);
  }

  /** A builder with the defaults: models from the environment, the face-api ResNet embedder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FaceEngineSettings}. */
  public static final class Builder {
    private ModelCache models;
    private EmbedderChoice embedder = EmbedderChoice.faceApiResnet();
    private InferenceSettings inference = InferenceSettings.SINGLE_THREAD;
    private ImageDecoder.Settings decoder = ImageDecoder.Settings.defaults();
    private double minDetectionScore = 0.5;
    private double nmsIou = 0.3;
    private double comparableFaceRatio = 0.5;
    private double tightCropMargin = 0.25;
    private int tightCropMaxSide = 400;
    private boolean refineLandmarks = true;
    private boolean mirrorAverage = true;
    private boolean contrastStretch = true;
    private LowLightLift lowLightLift = defaultLowLightLift();
    private QualitySettings quality = QualitySettings.defaults();
    private double livenessThreshold = 0.05;
    private Path debugDir;

    private Builder() {}

    /** The model cache (default: {@link ModelCache#fromEnvironment()}). */
    public Builder models(ModelCache v) {
      models = v;
      return this;
    }

    /** The embedder (default face-api ResNet). */
    public Builder embedder(EmbedderChoice v) {
      embedder = v;
      return this;
    }

    /** The embedder by command-line name (see {@link EmbedderChoice#named}). */
    public Builder embedder(String name) {
      embedder = EmbedderChoice.named(name);
      return this;
    }

    /** ONNX Runtime threads (default one). */
    public Builder inference(InferenceSettings v) {
      inference = v;
      return this;
    }

    /** Decoder limits. */
    public Builder decoder(ImageDecoder.Settings v) {
      decoder = v;
      return this;
    }

    /** The least detector score kept (default 0.5). */
    public Builder minDetectionScore(double v) {
      minDetectionScore = v;
      return this;
    }

    /** The ratio that makes two faces comparable (default 0.5). */
    public Builder comparableFaceRatio(double v) {
      comparableFaceRatio = v;
      return this;
    }

    /** The tight-crop margin (default 0.25). */
    public Builder tightCropMargin(double v) {
      tightCropMargin = v;
      return this;
    }

    /** Whether to stretch low-contrast crops before embedding (default on). */
    public Builder contrastStretch(boolean v) {
      contrastStretch = v;
      return this;
    }

    /**
     * Whether to lift dark faces with {@link FaceEngineSettings#defaultLowLightLift()} (default
     * on).
     */
    public Builder lowLightLift(boolean v) {
      lowLightLift = v ? defaultLowLightLift() : null;
      return this;
    }

    /** The low-light lift to use. */
    public Builder lowLightLift(LowLightLift v) {
      lowLightLift = Objects.requireNonNull(v, "lowLightLift");
      return this;
    }

    /** Whether to average each embedding with its mirror image's (default on). */
    public Builder mirrorAverage(boolean v) {
      mirrorAverage = v;
      return this;
    }

    /** Whether to refine landmarks with the 68-point net (default on). */
    public Builder refineLandmarks(boolean v) {
      refineLandmarks = v;
      return this;
    }

    /** Quality floors. */
    public Builder quality(QualitySettings v) {
      quality = v;
      return this;
    }

    /** Presentation-attack threshold. */
    public Builder livenessThreshold(double v) {
      livenessThreshold = v;
      return this;
    }

    /** Writes aligned crops here (debugging only: never at a gate). */
    public Builder debugDir(Path v) {
      debugDir = v;
      return this;
    }

    /** Builds the settings. */
    public FaceEngineSettings build() {
      return new FaceEngineSettings(
          models == null ? ModelCache.fromEnvironment() : models,
          embedder,
          inference,
          decoder,
          minDetectionScore,
          nmsIou,
          comparableFaceRatio,
          tightCropMargin,
          tightCropMaxSide,
          contrastStretch,
          Optional.ofNullable(lowLightLift),
          mirrorAverage,
          refineLandmarks,
          quality,
          livenessThreshold,
          Optional.ofNullable(debugDir));
    }
  }
}
