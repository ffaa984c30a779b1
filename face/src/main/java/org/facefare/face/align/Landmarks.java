package org.facefare.face.align;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable set of facial landmark positions, either with both mouth corners or with a mouth
 * centre (as some detectors give), never both.
 */
public record Landmarks(Map<LandmarkId, Point2> points) {

  /**
   * Copies {@code points}.
   *
   * @throws IllegalArgumentException if it is empty or gives {@link LandmarkId#MOUTH_CENTER}
   *     together with both mouth corners
   */
  public Landmarks {
    Objects.requireNonNull(points, "points");
    if (points.isEmpty()) {
      throw new IllegalArgumentException("landmarks need at least one point");
    }
    points.forEach(
        (id, p) -> {
          Objects.requireNonNull(id, "landmark id");
          Objects.requireNonNull(p, () -> "position of " + id);
        });
    if (points.containsKey(LandmarkId.MOUTH_CENTER)
        && points.containsKey(LandmarkId.MOUTH_LEFT)
        && points.containsKey(LandmarkId.MOUTH_RIGHT)) {
      throw new IllegalArgumentException(
          "give either both mouth corners or a mouth centre, not both (the centre is derived)");
    }
    points = Collections.unmodifiableMap(new EnumMap<>(points));
  }

  /** The five points of ArcFace-style detectors (RetinaFace, SCRFD, MTCNN). */
  public static Landmarks fivePoint(
      Point2 leftEye, Point2 rightEye, Point2 noseTip, Point2 mouthLeft, Point2 mouthRight) {
    Map<LandmarkId, Point2> m = new EnumMap<>(LandmarkId.class);
    m.put(LandmarkId.LEFT_EYE, leftEye);
    m.put(LandmarkId.RIGHT_EYE, rightEye);
    m.put(LandmarkId.NOSE_TIP, noseTip);
    m.put(LandmarkId.MOUTH_LEFT, mouthLeft);
    m.put(LandmarkId.MOUTH_RIGHT, mouthRight);
    return new Landmarks(m);
  }

  /** Eyes, nose tip and mouth centre, as BlazeFace-style detectors give them. */
  public static Landmarks fourPoint(
      Point2 leftEye, Point2 rightEye, Point2 noseTip, Point2 mouthCenter) {
    Map<LandmarkId, Point2> m = new EnumMap<>(LandmarkId.class);
    m.put(LandmarkId.LEFT_EYE, leftEye);
    m.put(LandmarkId.RIGHT_EYE, rightEye);
    m.put(LandmarkId.NOSE_TIP, noseTip);
    m.put(LandmarkId.MOUTH_CENTER, mouthCenter);
    return new Landmarks(m);
  }

  /** Whether {@code id} was given (a derived mouth centre was not). */
  public boolean has(LandmarkId id) {
    return points.containsKey(id);
  }

  /** The position of {@code id}, the mouth centre derived from both corners if not given. */
  public Optional<Point2> find(LandmarkId id) {
    Point2 p = points.get(id);
    if (p == null && id == LandmarkId.MOUTH_CENTER && hasMouthCorners()) {
      p = points.get(LandmarkId.MOUTH_LEFT).midpoint(points.get(LandmarkId.MOUTH_RIGHT));
    }
    return Optional.ofNullable(p);
  }

  /**
   * The position of {@code id} as {@link #find} gives it.
   *
   * @throws IllegalArgumentException if it is neither given nor derivable
   */
  public Point2 get(LandmarkId id) {
    return find(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "landmark " + id + " missing from " + points.keySet()));
  }

  /** These landmarks moved by {@code t}. */
  public Landmarks transformed(SimilarityTransform t) {
    Map<LandmarkId, Point2> m = new EnumMap<>(LandmarkId.class);
    points.forEach((id, p) -> m.put(id, t.apply(p)));
    return new Landmarks(m);
  }

  private boolean hasMouthCorners() {
    return points.containsKey(LandmarkId.MOUTH_LEFT) && points.containsKey(LandmarkId.MOUTH_RIGHT);
  }
}
