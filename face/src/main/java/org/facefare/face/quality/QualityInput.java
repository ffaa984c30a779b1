package org.facefare.face.quality;

import java.util.Objects;
import org.facefare.face.align.Landmarks;
import org.facefare.face.image.RgbImage;

/**
 * One detected face to assess: its crop (normally the aligned crop, for the photometric measures),
 * and its landmarks and detection box size in the source image (for size and pose).
 *
 * @param crop the face crop; the default sharpness and exposure limits assume a 112 × 112 ArcFace
 *     crop
 * @param landmarks eyes, nose tip and mouth (corners or centre) in source-image pixels
 * @param boxWidth the detection box width in source-image pixels
 * @param boxHeight the detection box height in source-image pixels
 */
public record QualityInput(RgbImage crop, Landmarks landmarks, double boxWidth, double boxHeight) {

  /** Checks that the crop and landmarks are given and the box has a finite positive size. */
  public QualityInput {
    Objects.requireNonNull(crop, "crop");
    Objects.requireNonNull(landmarks, "landmarks");
    if (!(boxWidth > 0)
        || !(boxHeight > 0)
        || Double.isInfinite(boxWidth)
        || Double.isInfinite(boxHeight)) {
      throw new IllegalArgumentException(
          "the detection box must have a finite positive size, got " + boxWidth + "x" + boxHeight);
    }
  }
}
