package org.facefare.face.align;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where landmarks belong in an aligned face crop of {@code width × height} pixels: the target of
 * the similarity fit that alignment performs.
 */
public record AlignmentTemplate(int width, int height, Landmarks points) {

  /**
   * The ArcFace (insightface) five-point template for 112 × 112 crops, which ArcFace-family
   * embedders were trained on.
   */
  public static final AlignmentTemplate ARCFACE_112 =
      new AlignmentTemplate(
          112,
          112,
          Landmarks.fivePoint(
              new Point2(38.2946, 51.6963),
              new Point2(73.5318, 51.5014),
              new Point2(56.0252, 71.7366),
              new Point2(41.5493, 92.3655),
              new Point2(70.7299, 92.2041)));

  /** The landmarks a fit can use directly; the mouth centre stands in for missing corners. */
  private static final List<LandmarkId> FIT_ORDER =
      List.of(
          LandmarkId.LEFT_EYE,
          LandmarkId.RIGHT_EYE,
          LandmarkId.NOSE_TIP,
          LandmarkId.MOUTH_LEFT,
          LandmarkId.MOUTH_RIGHT);

  /** Checks that the crop size is positive. */
  public AlignmentTemplate {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "template crop size must be positive, got " + width + "x" + height);
    }
    java.util.Objects.requireNonNull(points, "points");
  }

  /** The ArcFace template for a {@code size × size} crop, {@link #ARCFACE_112} scaled. */
  public static AlignmentTemplate arcFace(int size) {
    return ARCFACE_112.scaledTo(size, size);
  }

  /**
   * This template for a {@code width × height} crop, every coordinate multiplied by the ratio of
   * the sizes (as insightface scales its template, not about pixel centres).
   */
  public AlignmentTemplate scaledTo(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("crop size must be positive, got " + width + "x" + height);
    }
    double sx = (double) width / this.width;
    double sy = (double) height / this.height;
    Map<LandmarkId, Point2> m = new EnumMap<>(LandmarkId.class);
    points.points().forEach((id, p) -> m.put(id, new Point2(p.x() * sx, p.y() * sy)));
    return new AlignmentTemplate(width, height, new Landmarks(m));
  }

  /**
   * The similarity transform from image coordinates to crop coordinates that best fits the detected
   * landmarks to this template.
   *
   * <p>Every one of the eyes, nose tip and mouth corners that both sides have is used; a detection
   * with a mouth centre instead of corners is fitted at the template's derived mouth centre (the
   * midpoint of its corners).
   *
   * @throws IllegalArgumentException if fewer than two landmarks correspond or they coincide
   */
  public SimilarityTransform fit(Landmarks detected) {
    List<Point2> from = new ArrayList<>();
    List<Point2> to = new ArrayList<>();
    for (LandmarkId id : FIT_ORDER) {
      if (detected.has(id) && points.find(id).isPresent()) {
        from.add(detected.get(id));
        to.add(points.get(id));
      }
    }
    boolean cornersUsed =
        detected.has(LandmarkId.MOUTH_LEFT) || detected.has(LandmarkId.MOUTH_RIGHT);
    if (!cornersUsed && detected.has(LandmarkId.MOUTH_CENTER)) {
      points
          .find(LandmarkId.MOUTH_CENTER)
          .ifPresent(
              centre -> {
                from.add(detected.get(LandmarkId.MOUTH_CENTER));
                to.add(centre);
              });
    }
    if (from.size() < 2) {
      throw new IllegalArgumentException(
          "alignment needs at least 2 landmarks shared with the template, got "
              + detected.points().keySet()
              + " against "
              + points.points().keySet());
    }
    return SimilarityTransform.estimate(from, to);
  }
}
