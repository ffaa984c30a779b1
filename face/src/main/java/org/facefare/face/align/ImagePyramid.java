package org.facefare.face.align;

import java.util.HashMap;
import java.util.Map;
import org.facefare.face.image.BoxDownscale;
import org.facefare.face.image.RgbImage;

/**
 * One frame with box-filtered reductions made on demand, so that crops which shrink the face by
 * more than 2× are resampled from a reduced image instead of aliasing.
 *
 * <p>Bilinear sampling reads only the four nearest pixels, so shrinking by a factor {@code s < ½}
 * skips detail and aliases (the reason OpenCV recommends {@code INTER_AREA} for decimation). A crop
 * at scale {@code s} is therefore taken from the reduction by {@code k = ⌊1/s⌋}, which leaves a
 * residual bilinear scale in [1, 2); reductions are cached, as one frame feeds several crops
 * (detector input, embedder, anti-spoofing).
 */
public final class ImagePyramid {

  private final RgbImage base;
  private final Map<Integer, RgbImage> levels = new HashMap<>();

  /** Wraps a frame. */
  public ImagePyramid(RgbImage base) {
    this.base = base;
  }

  /** The full-resolution frame. */
  public RgbImage base() {
    return base;
  }

  /** Resamples the frame through {@code frameToTarget} into {@code target}. */
  public RgbImage warp(SimilarityTransform frameToTarget, WarpTarget target) {
    int k = (int) Math.floor(1 / frameToTarget.scale());
    k = Math.min(k, Math.min(base.width(), base.height()));
    if (k < 2) {
      return BilinearWarp.warp(base, frameToTarget, target);
    }
    RgbImage level = levels.computeIfAbsent(k, f -> BoxDownscale.shrink(base, f));
    // A reduced pixel q covers frame pixels k·q … k·q + k − 1, centred at k·q + (k − 1)/2.
    double c = (k - 1) / 2.0;
    SimilarityTransform t = frameToTarget;
    SimilarityTransform levelToTarget =
        new SimilarityTransform(
            t.a() * k, t.b() * k, t.a() * c - t.b() * c + t.tx(), t.b() * c + t.a() * c + t.ty());
    return BilinearWarp.warp(level, levelToTarget, target);
  }
}
