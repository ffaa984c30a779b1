package org.facefare.face.embed;

import java.util.Objects;
import org.facefare.face.align.AlignmentTemplate;
import org.facefare.face.align.LandmarkId;
import org.facefare.face.align.Point2;
import org.facefare.face.align.SimilarityTransform;
import org.facefare.face.image.PixelScaling;
import org.facefare.face.image.TensorLayout;

/**
 * What an embedding model expects: its id, the aligned crop it reads (template and size), how
 * pixels become input values and in which layout and channel order.
 *
 * @param id the model id written into templates
 * @param template where the landmarks go in the crop; the crop size is the model's input size
 * @param scaling the map from 8-bit samples to input values
 * @param layout NHWC (TensorFlow) or NCHW (most ONNX exports)
 * @param bgr whether the model reads channels in BGR order
 */
public record EmbedderSpec(
    String id, AlignmentTemplate template, PixelScaling scaling, TensorLayout layout, boolean bgr) {

  /** Checks the arguments. */
  public EmbedderSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(layout, "layout");
  }

  /**
   * The framing face-api.js gives its descriptor net, as a template for a square crop of {@code
   * size}: the crop's side is the eye-to-mouth distance / 0.45, the centroid of the eyes and mouth
   * centre sits at (0.5, 0.43) of the crop (face-api's {@code FaceLandmarks.align}), and the face
   * is also turned upright, which face-api does not do. The ArcFace mean face stands in for the
   * landmarks.
   */
  public static AlignmentTemplate faceApiFraming(int size) {
    AlignmentTemplate arc = AlignmentTemplate.ARCFACE_112;
    Point2 le = arc.points().get(LandmarkId.LEFT_EYE);
    Point2 re = arc.points().get(LandmarkId.RIGHT_EYE);
    Point2 mouth =
        arc.points().get(LandmarkId.MOUTH_LEFT).midpoint(arc.points().get(LandmarkId.MOUTH_RIGHT));
    double eyeToMouth = (le.distanceTo(mouth) + re.distanceTo(mouth)) / 2;
    double k = 0.45 * size / eyeToMouth;
    double cx = (le.x() + re.x() + mouth.x()) / 3;
    double cy = (le.y() + re.y() + mouth.y()) / 3;
    return new AlignmentTemplate(
        size,
        size,
        arc.points()
            .transformed(new SimilarityTransform(k, 0, 0.5 * size - k * cx, 0.43 * size - k * cy)));
  }

  /**
   * The ArcFace template for a square crop of {@code size}, with the face shrunk about the crop
   * centre by {@code zoom} (1 = ArcFace's own framing; below 1 leaves more context around it).
   */
  public static AlignmentTemplate framed(int size, double zoom) {
    if (!(zoom > 0 && zoom <= 2)) {
      throw new IllegalArgumentException("zoom must be in (0, 2], got " + zoom);
    }
    AlignmentTemplate t = AlignmentTemplate.arcFace(size);
    double c = size / 2.0;
    return new AlignmentTemplate(
        size,
        size,
        t.points().transformed(new SimilarityTransform(zoom, 0, c * (1 - zoom), c * (1 - zoom))));
  }
}
