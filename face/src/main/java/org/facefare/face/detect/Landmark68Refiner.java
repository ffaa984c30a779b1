package org.facefare.face.detect;

import org.facefare.face.align.Border;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.Point2;
import org.facefare.face.align.SimilarityTransform;
import org.facefare.face.align.WarpTarget;
import org.facefare.face.image.PixelScaling;
import org.facefare.face.image.RgbImage;
import org.facefare.face.image.TensorLayout;
import org.facefare.face.onnx.InferenceSession;

/**
 * Refines a detection's coarse keypoints into the five ArcFace alignment points (eye centres, nose
 * tip, mouth corners) with face-api.js's 68-point landmark net.
 *
 * <p>The net reads a 112×112 square crop centred on the detection box (raw 0–255 pixels, its own
 * normalisation is inside the converted graph) and predicts the 68 iBUG 300-W points relative to
 * that crop. Eye centres are the means of the six eye-contour points (36–41 and 42–47), the nose
 * tip is point 30 and the mouth corners are points 48 and 54 — the same reduction of the 68-point
 * layout that insightface and dlib use for five-point alignment.
 */
public final class Landmark68Refiner {

  private static final int SIZE = 112;
  private final InferenceSession session;
  private final double boxScale;

  /**
   * Wraps the landmark session.
   *
   * @param boxScale the crop side as a multiple of the detection box's longer side
   */
  public Landmark68Refiner(InferenceSession session, double boxScale) {
    if (!(boxScale >= 0.5 && boxScale <= 3)) {
      throw new IllegalArgumentException("boxScale must be in [0.5, 3], got " + boxScale);
    }
    this.session = session;
    this.boxScale = boxScale;
  }

  /** The five alignment points of the face in {@code box}, in frame coordinates. */
  public Landmarks refine(ImagePyramid frame, Box box) {
    double side = Math.max(box.width(), box.height()) * boxScale;
    if (!(side >= 1)) {
      throw new IllegalArgumentException("face box is too small to refine: " + box);
    }
    double s = SIZE / side;
    Point2 c = box.center();
    double mid = (SIZE - 1) / 2.0;
    SimilarityTransform toCrop = new SimilarityTransform(s, 0, mid - s * c.x(), mid - s * c.y());
    RgbImage crop = frame.warp(toCrop, new WarpTarget(SIZE, SIZE, Border.replicate()));
    float[] t = new float[3 * SIZE * SIZE];
    crop.writeTensor(t, 0, TensorLayout.NHWC, PixelScaling.RAW);
    float[] raw = session.runOrdered(t, 1, SIZE, SIZE, 3).get(0).values();
    if (raw.length != 136) {
      throw new IllegalStateException("landmark net returned " + raw.length + " values, not 136");
    }
    SimilarityTransform back = toCrop.inverse();
    return Landmarks.fivePoint(
        back.apply(mean(raw, 36, 41)),
        back.apply(mean(raw, 42, 47)),
        back.apply(point(raw, 30)),
        back.apply(point(raw, 48)),
        back.apply(point(raw, 54)));
  }

  private static Point2 point(float[] raw, int i) {
    return new Point2(raw[2 * i] * SIZE - 0.5, raw[2 * i + 1] * SIZE - 0.5);
  }

  private static Point2 mean(float[] raw, int from, int to) {
    double x = 0;
    double y = 0;
    for (int i = from; i <= to; i++) {
      x += raw[2 * i];
      y += raw[2 * i + 1];
    }
    int n = to - from + 1;
    return new Point2(x / n * SIZE - 0.5, y / n * SIZE - 0.5);
  }
}
