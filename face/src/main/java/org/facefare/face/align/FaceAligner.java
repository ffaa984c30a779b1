package org.facefare.face.align;

import java.util.Objects;
import org.facefare.face.image.RgbImage;

/**
 * Turns a detected face into a canonical crop: fits the template to its landmarks and warps the
 * image into the template's frame.
 */
public final class FaceAligner {

  private final AlignmentTemplate template;
  private final WarpTarget target;

  /** An aligner to {@code template}'s crop size, filling outside the image by {@code border}. */
  public FaceAligner(AlignmentTemplate template, Border border) {
    this.template = Objects.requireNonNull(template, "template");
    this.target = new WarpTarget(template.width(), template.height(), border);
  }

  /** The 112 × 112 ArcFace alignment with a black border, as insightface aligns. */
  public static FaceAligner arcFace112() {
    return new FaceAligner(AlignmentTemplate.ARCFACE_112, Border.BLACK);
  }

  /**
   * The aligned crop of the face whose landmarks, in {@code image}'s coordinates, are {@code
   * landmarks}.
   *
   * @throws IllegalArgumentException if the landmarks cannot be fitted ({@link
   *     AlignmentTemplate#fit})
   */
  public AlignedFace align(RgbImage image, Landmarks landmarks) {
    SimilarityTransform imageToCrop = template.fit(landmarks);
    return new AlignedFace(
        BilinearWarp.warp(image, imageToCrop, target),
        imageToCrop,
        landmarks.transformed(imageToCrop));
  }
}
