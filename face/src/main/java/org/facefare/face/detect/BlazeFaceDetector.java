package org.facefare.face.detect;

import java.util.ArrayList;
import java.util.List;
import org.facefare.face.align.Border;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.align.Point2;
import org.facefare.face.align.SimilarityTransform;
import org.facefare.face.align.WarpTarget;
import org.facefare.face.image.PixelScaling;
import org.facefare.face.image.RgbImage;
import org.facefare.face.image.TensorLayout;
import org.facefare.face.onnx.InferenceSession;

/**
 * The BlazeFace face detector on ONNX Runtime: letterboxes a frame into the model's square input,
 * runs it and maps the decoded detections back to frame pixels.
 *
 * <p>The frame is scaled to fit the square input and centred on black, the padding MediaPipe uses;
 * pixel values go to [-1, 1] as the model was trained with. Coordinates follow the OpenCV
 * convention of pixel centres at integers, the model's at half-integers, hence the ½-pixel shifts.
 */
public final class BlazeFaceDetector {

  private final InferenceSession session;
  private final BlazeFaceDecoder decoder;
  private final int size;

  /**
   * Wraps a BlazeFace session (input {@code [1, s, s, 3]}, outputs 2 logit and 2 regressor
   * tensors).
   */
  public BlazeFaceDetector(InferenceSession session) {
    long[] shape = session.inputShape();
    if (shape.length != 4 || shape[1] != shape[2] || shape[3] != 3 || shape[1] <= 0) {
      throw new IllegalArgumentException(
          "BlazeFace input must be [N, s, s, 3], got " + java.util.Arrays.toString(shape));
    }
    this.session = session;
    this.size = (int) shape[1];
    this.decoder = new BlazeFaceDecoder(size);
  }

  /**
   * Detects faces.
   *
   * @param frame the frame
   * @param minScore the least score kept
   * @param iouThreshold overlap above which weaker boxes are suppressed
   * @return detections in frame coordinates, best first
   */
  public List<Detection> detect(ImagePyramid frame, double minScore, double iouThreshold) {
    return detect(frame, minScore, iouThreshold, 0);
  }

  /**
   * Detects faces in the frame surrounded by a black margin of {@code margin} × its longer side on
   * every side: a face that fills a tightly cropped photo is then the size BlazeFace expects.
   */
  public List<Detection> detect(
      ImagePyramid frame, double minScore, double iouThreshold, double margin) {
    if (!(margin >= 0 && margin <= 2)) {
      throw new IllegalArgumentException("margin must be in [0, 2], got " + margin);
    }
    RgbImage img = frame.base();
    double scale = size / (Math.max(img.width(), img.height()) * (1 + 2 * margin));
    double c = (size - 1) / 2.0;
    SimilarityTransform toInput =
        new SimilarityTransform(
            scale, 0, c - scale * (img.width() - 1) / 2.0, c - scale * (img.height() - 1) / 2.0);
    RgbImage input = frame.warp(toInput, new WarpTarget(size, size, Border.constant(0)));
    float[] tensor = new float[size * size * 3];
    input.writeTensor(tensor, 0, TensorLayout.NHWC, PixelScaling.SYMMETRIC);
    List<InferenceSession.Output> outs = session.runOrdered(tensor, 1, size, size, 3);
    float[] logits = concat(outs, 1);
    float[] regressors = concat(outs, 16);
    SimilarityTransform back = toInput.inverse();
    List<Detection> result = new ArrayList<>();
    for (Detection d : decoder.decode(logits, regressors, minScore, iouThreshold)) {
      result.add(map(d, back));
    }
    return result;
  }

  /** Joins the outputs with {@code width} values per anchor, larger grid (more anchors) first. */
  private static float[] concat(List<InferenceSession.Output> outs, int width) {
    List<InferenceSession.Output> parts =
        outs.stream()
            .filter(o -> o.shape()[o.shape().length - 1] == width)
            .sorted((x, y) -> Integer.compare(y.values().length, x.values().length))
            .toList();
    if (parts.size() != 2) {
      throw new IllegalStateException(
          "BlazeFace should output two tensors of width " + width + ", found " + parts.size());
    }
    float[] a = parts.get(0).values();
    float[] b = parts.get(1).values();
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Detection map(Detection d, SimilarityTransform back) {
    Point2 tl = back.apply(new Point2(d.box().left() - 0.5, d.box().top() - 0.5));
    Point2 br = back.apply(new Point2(d.box().right() - 0.5, d.box().bottom() - 0.5));
    List<Point2> kps = new ArrayList<>();
    for (Point2 p : d.keypoints()) {
      kps.add(back.apply(new Point2(p.x() - 0.5, p.y() - 0.5)));
    }
    return new Detection(
        new Box(
            Math.min(tl.x(), br.x()),
            Math.min(tl.y(), br.y()),
            Math.max(tl.x(), br.x()),
            Math.max(tl.y(), br.y())),
        d.score(),
        kps);
  }
}
