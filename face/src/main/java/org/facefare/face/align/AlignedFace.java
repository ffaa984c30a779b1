package org.facefare.face.align;

import java.util.Objects;
import org.facefare.face.image.RgbImage;

/**
 * A face crop made by {@link FaceAligner}, with the transform from the source image into the crop
 * and the landmarks moved into crop coordinates.
 */
public record AlignedFace(RgbImage crop, SimilarityTransform imageToCrop, Landmarks cropLandmarks) {

  /** Checks that no component is null. */
  public AlignedFace {
    Objects.requireNonNull(crop, "crop");
    Objects.requireNonNull(imageToCrop, "imageToCrop");
    Objects.requireNonNull(cropLandmarks, "cropLandmarks");
  }
}
