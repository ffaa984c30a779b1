package org.facefare.face;

import org.facefare.face.pad.Liveness;
import org.facefare.face.quality.QualityFailure;
import org.facefare.face.quality.QualityReport;

/**
 * The outcome of running the face pipeline on one frame: a template ready for matching, or the
 * typed reason there is none.
 */
public sealed interface FaceResult {

  /** No face was found. */
  record NoFace() implements FaceResult {}

  /**
   * Two or more comparable faces: the gate cannot tell whom to charge.
   *
   * @param count how many comparable faces were found
   */
  record MultipleFaces(int count) implements FaceResult {}

  /**
   * The face is unfit for matching.
   *
   * @param reason the first failed check
   * @param quality all measures
   */
  record LowQuality(QualityFailure reason, QualityReport quality) implements FaceResult {}

  /**
   * The presentation-attack check failed.
   *
   * @param liveness the scores
   */
  record SpoofSuspected(Liveness liveness) implements FaceResult {}

  /**
   * A usable face.
   *
   * @param template the normalised embedding
   * @param quality the quality measures
   * @param liveness the presentation-attack scores
   */
  record Ok(Template template, QualityReport quality, Liveness liveness) implements FaceResult {}
}
