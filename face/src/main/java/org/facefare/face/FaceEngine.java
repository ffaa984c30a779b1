package org.facefare.face;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.facefare.face.align.AlignmentTemplate;
import org.facefare.face.align.Border;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.Point2;
import org.facefare.face.align.WarpTarget;
import org.facefare.face.detect.BlazeFaceDetector;
import org.facefare.face.detect.Detection;
import org.facefare.face.detect.FaceSelector;
import org.facefare.face.detect.Keypoints;
import org.facefare.face.detect.Landmark68Refiner;
import org.facefare.face.embed.Embedder;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.image.ImageDecoder;
import org.facefare.face.image.LowLightLift;
import org.facefare.face.image.PngEncoder;
import org.facefare.face.image.RgbImage;
import org.facefare.face.onnx.InferenceSession;
import org.facefare.face.pad.Liveness;
import org.facefare.face.pad.PresentationAttackDetector;
import org.facefare.face.quality.QualityAssessor;
import org.facefare.face.quality.QualityInput;
import org.facefare.face.quality.QualityReport;
import org.facefare.face.tfjs.ImportListener;

/**
 * The face pipeline: decode → detect → pick the face → landmarks → align → quality →
 * presentation-attack check → embed → template, with every model loaded once and reused.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently, and each call keeps its frame in
 * local state only. Frames are never stored: a call's images are garbage once it returns (debug
 * crops, when configured, are the one exception and are meant for development machines only).
 */
public final class FaceEngine implements AutoCloseable {

  /**
   * The landmark net's crop side over the BlazeFace box side: BlazeFace boxes are tighter than the
   * SSD boxes face-api.js trained the landmark net on; 1.25 measured best on celeb-thumbs.
   */
  private static final double LANDMARK_BOX_SCALE = 1.25;

  /** Aligned crops whose 2nd–98th percentile luma spans fewer levels are contrast-stretched. */
  private static final int CONTRAST_RANGE = 120;

  private final FaceEngineSettings settings;
  private final ImageDecoder decoder;
  private final List<InferenceSession> sessions;
  private final BlazeFaceDetector detector;
  private final FaceSelector selector;
  private final QualityAssessor quality;
  private final PresentationAttackDetector pad;
  private final TemplateMaker templates;
  private final Optional<Landmark68Refiner> refiner;
  private final Optional<LowLightLift> lowLight;
  private final AtomicLong debugCount = new AtomicLong();

  private FaceEngine(
      FaceEngineSettings settings,
      List<InferenceSession> sessions,
      BlazeFaceDetector detector,
      PresentationAttackDetector pad,
      TemplateMaker templates,
      Optional<Landmark68Refiner> refiner) {
    this.settings = settings;
    this.decoder = new ImageDecoder(settings.decoder());
    this.sessions = sessions;
    this.detector = detector;
    this.selector = new FaceSelector(settings.comparableFaceRatio());
    this.quality = new QualityAssessor(settings.quality());
    this.pad = pad;
    this.templates = templates;
    this.refiner = refiner;
    this.lowLight = settings.lowLightLift();
  }

  /**
   * Loads every model, converting the default ones on first use.
   *
   * @param listener told of model conversion progress
   * @throws IOException if a model file is missing or unreadable
   */
  public static FaceEngine open(FaceEngineSettings settings, ImportListener listener)
      throws IOException {
    FaceModels models = new FaceModels(settings.models(), listener);
    InferenceSession blaze = models.session(FaceModel.BLAZEFACE, settings.inference());
    InferenceSession spoof = models.session(FaceModel.ANTISPOOF, settings.inference());
    InferenceSession live = models.session(FaceModel.LIVENESS, settings.inference());
    List<InferenceSession> sessions = new java.util.ArrayList<>(List.of(blaze, spoof, live));
    TemplateMaker maker = templateMaker(settings, models, sessions);
    Optional<Landmark68Refiner> refiner = Optional.empty();
    if (settings.refineLandmarks()) {
      InferenceSession lm = models.session(FaceModel.FACEAPI_LANDMARKS68, settings.inference());
      sessions.add(lm);
      refiner = Optional.of(new Landmark68Refiner(lm, LANDMARK_BOX_SCALE));
    }
    return new FaceEngine(
        settings,
        sessions,
        new BlazeFaceDetector(blaze),
        new PresentationAttackDetector(spoof, live, settings.livenessThreshold()),
        maker,
        refiner);
  }

  private static TemplateMaker templateMaker(
      FaceEngineSettings settings, FaceModels models, List<InferenceSession> sessions)
      throws IOException {
    EmbedderChoice choice = settings.embedder();
    boolean mirror = settings.mirrorAverage();
    Optional<org.facefare.face.image.ContrastStretch> stretch =
        settings.contrastStretch()
            ? Optional.of(new org.facefare.face.image.ContrastStretch(CONTRAST_RANGE))
            : Optional.empty();
    return switch (choice) {
      case EmbedderChoice.Default d ->
          new TemplateMaker(
              d.id(),
              List.of(embedder(d, models, settings, sessions)),
              List.of(1.0),
              mirror,
              stretch);
      case EmbedderChoice.OnnxFile f -> {
        if (!Files.isRegularFile(f.file())) {
          throw new IOException("embedder model " + f.file() + " does not exist");
        }
        InferenceSession s =
            new InferenceSession(f.id(), Files.readAllBytes(f.file()), settings.inference());
        sessions.add(s);
        yield new TemplateMaker(
            f.id(), List.of(new Embedder(s, f.spec(), null)), List.of(1.0), mirror, stretch);
      }
      case EmbedderChoice.Fused fused -> {
        List<Embedder> parts = new java.util.ArrayList<>();
        for (EmbedderChoice.Default d : fused.parts()) {
          parts.add(embedder(d, models, settings, sessions));
        }
        yield new TemplateMaker(fused.id(), parts, fused.weights(), mirror, stretch);
      }
    };
  }

  private static Embedder embedder(
      EmbedderChoice.Default d,
      FaceModels models,
      FaceEngineSettings settings,
      List<InferenceSession> sessions)
      throws IOException {
    InferenceSession s = models.session(d.model(), settings.inference());
    sessions.add(s);
    return new Embedder(s, d.spec(), d.output());
  }

  /** The id of the embedder, written into every template. */
  public String modelId() {
    return templates.id();
  }

  /**
   * Runs the pipeline on an encoded image.
   *
   * @throws ImageDecodeException if the bytes are not a decodable image within the limits
   */
  public FaceResult process(byte[] encoded) throws ImageDecodeException {
    return process(decoder.decode(encoded).image());
  }

  /** Runs the pipeline on a decoded frame, stopping at the first failed step. */
  public FaceResult process(RgbImage frame) {
    Located at = locate(frame);
    return switch (at.found().choice()) {
      case FaceSelector.None n -> new FaceResult.NoFace();
      case FaceSelector.Multiple m -> new FaceResult.MultipleFaces(m.count());
      case FaceSelector.One one -> {
        Landmarks lm = landmarks(at, one.detection());
        QualityReport q = assess(at.original(), one.detection(), lm);
        if (!q.passed()) {
          yield new FaceResult.LowQuality(q.firstFailure().orElseThrow(), q);
        }
        Liveness l = pad.check(at.original(), lm);
        if (!l.passed()) {
          yield new FaceResult.SpoofSuspected(l);
        }
        yield new FaceResult.Ok(embed(at.source(), lm), q, l);
      }
    };
  }

  /** Decodes and analyses an encoded image, computing every measure. */
  public FaceAnalysis analyse(byte[] encoded) throws ImageDecodeException {
    return analyse(decoder.decode(encoded).image());
  }

  /**
   * Analyses a frame, computing every measure on the chosen face whatever its outcome; when several
   * faces are comparable the most prominent is analysed (and {@link FaceAnalysis#comparableFaces()}
   * says so), which a gate must never act on.
   */
  public FaceAnalysis analyse(RgbImage frame) {
    Located at = locate(frame);
    Found found = at.found();
    return switch (found.choice()) {
      case FaceSelector.None n ->
          new FaceAnalysis(
              0,
              0,
              found.marginUsed(),
              at.lifted(),
              isSmall(frame) ? Optional.of(face(at, wholeFrame(frame))) : Optional.empty());
      case FaceSelector.Multiple m ->
          new FaceAnalysis(
              found.count(),
              m.count(),
              found.marginUsed(),
              at.lifted(),
              Optional.of(face(at, m.mostProminent())));
      case FaceSelector.One one ->
          new FaceAnalysis(
              found.count(),
              1,
              found.marginUsed(),
              at.lifted(),
              Optional.of(face(at, one.detection())));
    };
  }

  /**
   * Where the face is read from: the frame as captured, or its low-light lift when the face found
   * on it (or the whole frame, when none was found) is dark; detection, landmarks and the embedding
   * then use the lifted frame, while quality and the presentation-attack check keep measuring the
   * captured pixels, so that a gate's exposure floors still judge the capture.
   *
   * @param original the captured frame
   * @param source the frame detection, landmarks and embedding read
   * @param found the detections on the source
   * @param lifted whether the source is the lifted frame
   * @param first the landmarks already found for {@code firstDetection} on an unlifted frame
   * @param firstDetection the detection those landmarks belong to
   */
  private record Located(
      ImagePyramid original,
      ImagePyramid source,
      Found found,
      boolean lifted,
      Optional<Landmarks> first,
      Optional<Detection> firstDetection) {}

  /** The landmarks of a detection on the located source, reusing those already computed. */
  private Landmarks landmarks(Located at, Detection d) {
    if (at.first().isPresent() && at.firstDetection().orElseThrow() == d) {
      return at.first().get();
    }
    return landmarks(at.source(), d);
  }

  private Located locate(RgbImage frame) {
    ImagePyramid pyramid = new ImagePyramid(frame);
    Found found = find(pyramid);
    Optional<Detection> candidate =
        switch (found.choice()) {
          case FaceSelector.None n -> Optional.empty();
          case FaceSelector.Multiple m -> Optional.of(m.mostProminent());
          case FaceSelector.One one -> Optional.of(one.detection());
        };
    Optional<Landmarks> first = candidate.map(d -> landmarks(pyramid, d));
    if (lowLight.isEmpty()) {
      return new Located(pyramid, pyramid, found, false, first, candidate);
    }
    LowLightLift lift = lowLight.get();
    boolean dark =
        first.isPresent() ? lift.isDark(qualityCrop(pyramid, first.get())) : lift.isDark(frame);
    if (!dark) {
      return new Located(pyramid, pyramid, found, false, first, candidate);
    }
    ImagePyramid lifted = new ImagePyramid(lift.apply(frame));
    Found again = find(lifted);
    if (again.choice() instanceof FaceSelector.None && candidate.isPresent()) {
      again = found;
    }
    return new Located(pyramid, lifted, again, true, Optional.empty(), Optional.empty());
  }

  private boolean isSmall(RgbImage f) {
    return Math.max(f.width(), f.height()) <= settings.tightCropMaxSide();
  }

  /**
   * The whole frame as a face box, with keypoints where the ArcFace mean face puts them in a crop
   * of that box: the fallback for tightly cropped photos the detector misses (as face-api.js's peer
   * protocol uses the whole image).
   */
  private static Detection wholeFrame(RgbImage f) {
    AlignmentTemplate t = AlignmentTemplate.ARCFACE_112.scaledTo(f.width(), f.height());
    org.facefare.face.align.Landmarks p = t.points();
    return new Detection(
        new org.facefare.face.detect.Box(0, 0, f.width() - 1, f.height() - 1),
        0,
        List.of(
            p.get(org.facefare.face.align.LandmarkId.LEFT_EYE),
            p.get(org.facefare.face.align.LandmarkId.RIGHT_EYE),
            p.get(org.facefare.face.align.LandmarkId.NOSE_TIP),
            p.get(org.facefare.face.align.LandmarkId.MOUTH_LEFT)
                .midpoint(p.get(org.facefare.face.align.LandmarkId.MOUTH_RIGHT))));
  }

  private FaceAnalysis.Face face(Located at, Detection d) {
    Landmarks lm = landmarks(at, d);
    return new FaceAnalysis.Face(
        d, lm, assess(at.original(), d, lm), pad.check(at.original(), lm), embed(at.source(), lm));
  }

  private record Found(FaceSelector.Choice choice, int count, boolean marginUsed) {}

  private Found find(ImagePyramid pyramid) {
    RgbImage f = pyramid.base();
    boolean small = isSmall(f);
    double margin = settings.tightCropMargin();
    List<Detection> d =
        detector.detect(
            pyramid, settings.minDetectionScore(), settings.nmsIou(), small ? margin : 0);
    boolean marginUsed = small && margin > 0;
    if (d.isEmpty() && !marginUsed && margin > 0) {
      d = detector.detect(pyramid, settings.minDetectionScore(), settings.nmsIou(), margin);
      marginUsed = true;
    }
    return new Found(selector.choose(d, f.width(), f.height()), d.size(), marginUsed);
  }

  private Landmarks landmarks(ImagePyramid pyramid, Detection d) {
    if (refiner.isPresent()) {
      return refiner.get().refine(pyramid, d.box());
    }
    List<Point2> k = d.keypoints();
    return Landmarks.fourPoint(
        k.get(Keypoints.LEFT_EYE),
        k.get(Keypoints.RIGHT_EYE),
        k.get(Keypoints.NOSE),
        k.get(Keypoints.MOUTH));
  }

  private QualityReport assess(ImagePyramid pyramid, Detection d, Landmarks lm) {
    return quality.assess(
        new QualityInput(qualityCrop(pyramid, lm), lm, d.box().width(), d.box().height()));
  }

  /** The 112 × 112 ArcFace-aligned crop that quality and the low-light check measure. */
  private static RgbImage qualityCrop(ImagePyramid pyramid, Landmarks lm) {
    AlignmentTemplate t = AlignmentTemplate.ARCFACE_112;
    return pyramid.warp(t.fit(lm), new WarpTarget(112, 112, Border.replicate()));
  }

  private Template embed(ImagePyramid pyramid, Landmarks lm) {
    return templates.make(
        pyramid, lm, (id, crop) -> settings.debugDir().ifPresent(dir -> writeDebug(dir, id, crop)));
  }

  private void writeDebug(java.nio.file.Path dir, String id, RgbImage crop) {
    try {
      Files.createDirectories(dir);
      Files.write(
          dir.resolve(String.format("aligned-%06d-%s.png", debugCount.incrementAndGet(), id)),
          PngEncoder.encode(crop));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write debug crop to " + dir, e);
    }
  }

  @Override
  public void close() {
    sessions.forEach(InferenceSession::close);
  }
}
