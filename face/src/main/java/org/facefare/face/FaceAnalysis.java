package org.facefare.face;

import java.util.Optional;
import org.facefare.face.align.Landmarks;
import org.facefare.face.detect.Detection;
import org.facefare.face.pad.Liveness;
import org.facefare.face.quality.QualityReport;

/**
 * Everything the pipeline found in one frame, for evaluation and diagnostics; {@link
 * FaceEngine#process} turns the same steps into a {@link FaceResult}.
 *
 * @param detections how many faces the detector kept
 * @param comparableFaces how many of them were comparable to the most prominent one (1 when one
 *     face clearly dominates, 0 when none was found)
 * @param marginUsed whether the frame was searched with the tight-crop margin
 * @param lowLightLifted whether the face was found and embedded on the frame's low-light lift,
 *     because it (or the whole frame, when no face was found) measured as dark
 * @param face the chosen face: the one that dominates, or the most prominent of comparable faces
 *     (then {@code comparableFaces > 1}); for a small frame without any detection, the whole frame
 *     taken as a tightly cropped face (then {@code detections == 0}); otherwise empty
 */
public record FaceAnalysis(
    int detections,
    int comparableFaces,
    boolean marginUsed,
    boolean lowLightLifted,
    Optional<Face> face) {

  /**
   * Whether the face is the whole frame taken as a tight crop because the detector found none:
   * evaluation only, a gate answers {@code NO_FACE}.
   */
  public boolean wholeFrame() {
    return detections == 0 && face.isPresent();
  }

  /** Whether a gate would refuse the frame as {@code MULTIPLE_FACES}. */
  public boolean ambiguous() {
    return comparableFaces > 1;
  }

  /**
   * The chosen face and every measure taken on it.
   *
   * @param detection the detector's box and keypoints
   * @param landmarks the landmarks used for alignment
   * @param quality the quality measures and failed checks
   * @param liveness the presentation-attack scores
   * @param template the embedding
   */
  public record Face(
      Detection detection,
      Landmarks landmarks,
      QualityReport quality,
      Liveness liveness,
      Template template) {}
}
