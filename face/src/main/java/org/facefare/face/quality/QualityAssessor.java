package org.facefare.face.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.face.align.LandmarkId;
import org.facefare.face.align.Landmarks;

/**
 * A thread-safe quality gate for detected faces: measures size, pose, exposure and sharpness and
 * checks each against {@link QualitySettings}.
 */
public final class QualityAssessor {

  private final QualitySettings settings;

  /** An assessor with the given limits. */
  public QualityAssessor(QualitySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** An assessor with {@link QualitySettings#defaults()}. */
  public QualityAssessor() {
    this(QualitySettings.defaults());
  }

  /**
   * Measures {@code face} and reports every failed check, in {@link QualityReason} order.
   *
   * <p>Landmarks too inconsistent for a pose ({@link Pose#estimate} refuses them) fail as {@link
   * QualityReason#LANDMARKS_IMPLAUSIBLE}: a gate must refuse such a frame, never crash on it.
   */
  public QualityReport assess(QualityInput face) {
    Landmarks l = face.landmarks();
    double iod = l.get(LandmarkId.LEFT_EYE).distanceTo(l.get(LandmarkId.RIGHT_EYE));
    double box = Math.min(face.boxWidth(), face.boxHeight());
    Optional<Pose> pose;
    try {
      pose = Optional.of(Pose.estimate(l));
    } catch (IllegalArgumentException e) {
      pose = Optional.empty();
    }
    LumaStatistics luma =
        LumaStatistics.of(face.crop(), settings.darkLevel(), settings.brightLevel());
    QualityMeasures m =
        new QualityMeasures(
            iod,
            box,
            pose,
            luma.mean(),
            luma.darkFraction(),
            luma.brightFraction(),
            luma.sharpness());

    List<QualityFailure> failures = new ArrayList<>();
    if (pose.isEmpty()) {
      failures.add(new QualityFailure(QualityReason.LANDMARKS_IMPLAUSIBLE, 1, 0));
    }
    atLeast(failures, QualityReason.FACE_TOO_SMALL, iod, settings.minInterOcularPixels());
    atLeast(failures, QualityReason.FACE_TOO_SMALL, box, settings.minBoxSidePixels());
    if (pose.isPresent()) {
      Pose p = pose.get();
      atMost(failures, QualityReason.POSE_YAW, Math.abs(p.yawDegrees()), settings.maxYawDegrees());
      atMost(
          failures,
          QualityReason.POSE_PITCH,
          Math.abs(p.pitchDegrees()),
          settings.maxPitchDegrees());
      atMost(
          failures, QualityReason.POSE_ROLL, Math.abs(p.rollDegrees()), settings.maxRollDegrees());
    }
    atLeast(failures, QualityReason.TOO_DARK, m.meanLuma(), settings.minMeanLuma());
    atMost(failures, QualityReason.TOO_DARK, m.darkFraction(), settings.maxDarkFraction());
    atMost(failures, QualityReason.TOO_BRIGHT, m.meanLuma(), settings.maxMeanLuma());
    atMost(failures, QualityReason.TOO_BRIGHT, m.brightFraction(), settings.maxBrightFraction());
    atLeast(failures, QualityReason.BLURRY, m.sharpness(), settings.minSharpness());
    return new QualityReport(m, failures);
  }

  private static void atLeast(
      List<QualityFailure> failures, QualityReason reason, double value, double floor) {
    if (value < floor) {
      failures.add(new QualityFailure(reason, value, floor));
    }
  }

  private static void atMost(
      List<QualityFailure> failures, QualityReason reason, double value, double ceiling) {
    if (value > ceiling) {
      failures.add(new QualityFailure(reason, value, ceiling));
    }
  }
}
