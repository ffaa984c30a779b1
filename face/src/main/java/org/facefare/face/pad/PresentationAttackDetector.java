package org.facefare.face.pad;

import org.facefare.face.align.Border;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.WarpTarget;
import org.facefare.face.embed.EmbedderSpec;
import org.facefare.face.image.PixelScaling;
import org.facefare.face.image.RgbImage;
import org.facefare.face.image.TensorLayout;
import org.facefare.face.onnx.InferenceSession;

/**
 * Presentation-attack detection from two small classifiers: the anti-spoofing model (128×128 face
 * crop, sigmoid: real) and the liveness model (32×32, two-class softmax, first class: live).
 *
 * <p>Both read the face aligned by its landmarks with the ArcFace framing, values in [0, 1]. The
 * combined score is the geometric mean, so either model can veto: a face must look live to both.
 * The default threshold is set from bona fide photos only (see docs/accuracy.md), since no
 * attack-presentation set is available here; an operator should recalibrate it on ISO/IEC 30107-3
 * style attack data (APCER at a fixed BPCER) before relying on it.
 */
public final class PresentationAttackDetector {

  private final InferenceSession antispoof;
  private final InferenceSession liveness;
  private final double threshold;

  /**
   * Creates the detector.
   *
   * @param antispoof the anti-spoofing model
   * @param liveness the liveness model
   * @param threshold the least combined score accepted as live
   */
  public PresentationAttackDetector(
      InferenceSession antispoof, InferenceSession liveness, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    this.antispoof = antispoof;
    this.liveness = liveness;
    this.threshold = threshold;
  }

  /** Scores one face. */
  public Liveness check(ImagePyramid frame, Landmarks landmarks) {
    double a = run(antispoof, frame, landmarks, 128)[0];
    double l = run(liveness, frame, landmarks, 32)[0];
    double ca = Math.max(0, Math.min(1, a));
    double cl = Math.max(0, Math.min(1, l));
    return new Liveness(ca, cl, Math.sqrt(ca * cl), threshold);
  }

  private static float[] run(InferenceSession s, ImagePyramid frame, Landmarks lm, int size) {
    var template = EmbedderSpec.framed(size, 1.0);
    RgbImage crop = frame.warp(template.fit(lm), new WarpTarget(size, size, Border.replicate()));
    float[] t = new float[3 * size * size];
    crop.writeTensor(t, 0, TensorLayout.NHWC, PixelScaling.UNIT);
    return s.runOrdered(t, 1, size, size, 3).get(0).values();
  }
}
