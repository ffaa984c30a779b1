package org.facefare.face;

import java.util.List;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.align.Landmarks;
import org.facefare.face.embed.Embedder;
import org.facefare.face.image.ContrastStretch;
import org.facefare.face.image.RgbImage;

/**
 * Makes a face's template from one embedder, or from several fused by the weighted sum rule, each
 * optionally averaged with its mirror image.
 */
final class TemplateMaker {

  /** A debug sink for the aligned crops. */
  interface CropSink {
    void accept(String embedder, RgbImage crop);
  }

  private final String id;
  private final List<Embedder> parts;
  private final double[] weights;
  private final boolean mirror;
  private final java.util.Optional<ContrastStretch> stretch;

  TemplateMaker(
      String id,
      List<Embedder> parts,
      List<Double> weights,
      boolean mirror,
      java.util.Optional<ContrastStretch> stretch) {
    this.id = id;
    this.parts = List.copyOf(parts);
    this.weights = weights.stream().mapToDouble(Double::doubleValue).toArray();
    this.mirror = mirror;
    this.stretch = stretch;
  }

  String id() {
    return id;
  }

  Template make(ImagePyramid frame, Landmarks landmarks, CropSink sink) {
    if (parts.size() == 1) {
      return Template.of(id, embed(parts.get(0), frame, landmarks, sink));
    }
    float[][] vs = new float[parts.size()][];
    int n = 0;
    for (int i = 0; i < parts.size(); i++) {
      vs[i] = embed(parts.get(i), frame, landmarks, sink);
      n += vs[i].length;
    }
    float[] out = new float[n];
    int o = 0;
    for (int i = 0; i < vs.length; i++) {
      double norm = 0;
      for (float x : vs[i]) {
        norm += (double) x * x;
      }
      if (norm == 0) {
        throw new IllegalStateException(parts.get(i).spec().id() + " returned a zero embedding");
      }
      float scale = (float) (Math.sqrt(weights[i]) / Math.sqrt(norm));
      for (float x : vs[i]) {
        out[o++] = x * scale;
      }
    }
    return Template.of(id, out);
  }

  private float[] embed(Embedder e, ImagePyramid frame, Landmarks landmarks, CropSink sink) {
    RgbImage aligned = e.crop(frame, landmarks);
    RgbImage crop = stretch.map(s -> s.apply(aligned)).orElse(aligned);
    sink.accept(e.spec().id(), crop);
    return mirror ? e.embedWithMirror(crop) : e.embed(crop);
  }
}
