package org.facefare.face.faceapi;

import java.util.ArrayList;
import java.util.List;
import org.facefare.face.detect.Nms;

/**
 * The decoder of the converted SSD MobileNetV1's outputs ({@code box_encodings}, {@code scores} and
 * its {@code anchors}) into face detections, as face-api.js's {@code locateFaces} does.
 *
 * <pre>
 * Decoding (face-api.js src/ssdMobilenetv1/outputLayer.ts, SsdMobilenetv1.ts locateFaces; the
 * box coder of TF's object-detection API, faster_rcnn_box_coder with scales 10, 10, 5, 5):
 *
 *   anchor [ymin, xmin, ymax, xmax]: size = max - min, centre = min + size / 2
 *   encoding [ty, tx, th, tw]: centre' = t / 10 * size + centre, half' = exp(t / 5) * size / 2
 *   box = [cy' - hy', cx' - hx', cy' + hy', cx' + hx']      (float32 arithmetic, in this order)
 *
 * then greedy NMS (IoU 0.5, scores above minConfidence, at most maxResults; see Nms), corners
 * clipped to [0, 1] and scaled from the padded square back to the image: face-api multiplies by
 * inputSize / round(side * inputSize / max(width, height)) per axis.
 * </pre>
 */
public final class SsdDecoder {

  /** face-api.js's fixed NMS IoU threshold for this detector. */
  public static final double IOU_THRESHOLD = 0.5;

  private final float[] anchors;

  /**
   * A decoder for the model's prior boxes.
   *
   * @param anchors the model's {@code anchors} output, {@code 4 * n} values
   */
  public SsdDecoder(float[] anchors) {
    if (anchors.length == 0 || anchors.length % 4 != 0) {
      throw new IllegalArgumentException("anchors must be 4 values per box, got " + anchors.length);
    }
    this.anchors = anchors.clone();
  }

  /**
   * Detects faces in one image.
   *
   * @param boxEncodings that image's {@code 4 * n} box encodings
   * @param scores that image's {@code n} face scores
   * @param imageWidth the original image's width in pixels (before padding and resizing)
   * @param imageHeight the original image's height in pixels
   * @return the faces, best first
   */
  public List<FaceApiDetection> detect(
      float[] boxEncodings, float[] scores, int imageWidth, int imageHeight, SsdOptions options) {
    if (boxEncodings.length != anchors.length || scores.length != anchors.length / 4) {
      throw new IllegalArgumentException(
          "expected "
              + anchors.length / 4
              + " boxes and scores, got "
              + boxEncodings.length / 4.0
              + " and "
              + scores.length);
    }
    if (imageWidth < 1 || imageHeight < 1) {
      throw new IllegalArgumentException("image size " + imageWidth + "x" + imageHeight);
    }
    float[] boxes = decodeBoxes(boxEncodings);
    int[] kept =
        new Nms(IOU_THRESHOLD, options.minConfidence(), options.maxResults()).select(boxes, scores);
    int size = FaceApiNet.SSD_MOBILENETV1.inputSize();
    double scale = (double) size / Math.max(imageWidth, imageHeight);
    double padX = (double) size / Math.round(imageWidth * scale);
    double padY = (double) size / Math.round(imageHeight * scale);
    List<FaceApiDetection> faces = new ArrayList<>(kept.length);
    for (int i : kept) {
      double top = Math.max(0, boxes[4 * i]) * padY;
      double left = Math.max(0, boxes[4 * i + 1]) * padX;
      double bottom = Math.min(1.0, boxes[4 * i + 2]) * padY;
      double right = Math.min(1.0, boxes[4 * i + 3]) * padX;
      faces.add(
          new FaceApiDetection(
              scores[i], left, top, Math.max(0, right - left), Math.max(0, bottom - top)));
    }
    return faces;
  }

  /** The decoded boxes {@code [ymin, xmin, ymax, xmax]} of {@code 4 * n} box encodings. */
  float[] decodeBoxes(float[] enc) {
    float[] out = new float[anchors.length];
    for (int i = 0; i < anchors.length; i += 4) {
      float sizeY = anchors[i + 2] - anchors[i];
      float sizeX = anchors[i + 3] - anchors[i + 1];
      float centreY = anchors[i] + sizeY / 2;
      float centreX = anchors[i + 1] + sizeX / 2;
      float halfY = (float) Math.exp(enc[i + 2] / 5f) * sizeY / 2;
      float cy = enc[i] / 10f * sizeY + centreY;
      float halfX = (float) Math.exp(enc[i + 3] / 5f) * sizeX / 2;
      float cx = enc[i + 1] / 10f * sizeX + centreX;
      out[i] = cy - halfY;
      out[i + 1] = cx - halfX;
      out[i + 2] = cy + halfY;
      out[i + 3] = cx + halfX;
    }
    return out;
  }
}
