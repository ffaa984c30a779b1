package org.facefare.face.embed;

import java.util.Arrays;
import org.facefare.face.align.Border;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.SimilarityTransform;
import org.facefare.face.align.WarpTarget;
import org.facefare.face.image.RgbImage;
import org.facefare.face.onnx.InferenceSession;

/** An embedding model on ONNX Runtime: aligns a face to its template and returns the raw vector. */
public final class Embedder {

  private final InferenceSession session;
  private final EmbedderSpec spec;
  private final String output;

  /**
   * Wraps a session.
   *
   * @param session the model, one image input of the spec's crop size
   * @param spec how the model reads faces
   * @param output the output that holds the embedding (the first when {@code null})
   */
  public Embedder(InferenceSession session, EmbedderSpec spec, String output) {
    this.session = session;
    this.spec = spec;
    this.output = output == null ? session.outputNames().get(0) : output;
    if (!session.outputNames().contains(this.output)) {
      throw new IllegalArgumentException(
          spec.id() + " has no output '" + this.output + "': " + session.outputNames());
    }
  }

  /** The model's description. */
  public EmbedderSpec spec() {
    return spec;
  }

  /** The crop the model reads for a face with these landmarks. */
  public RgbImage crop(ImagePyramid frame, Landmarks landmarks) {
    SimilarityTransform t = spec.template().fit(landmarks);
    return frame.warp(
        t, new WarpTarget(spec.template().width(), spec.template().height(), Border.replicate()));
  }

  /** The raw (not normalised) embedding of an aligned crop. */
  public float[] embed(RgbImage crop) {
    int w = crop.width();
    int h = crop.height();
    RgbImage input = spec.bgr() ? swapRedBlue(crop) : crop;
    float[] tensor = new float[3 * w * h];
    input.writeTensor(tensor, 0, spec.layout(), spec.scaling());
    long[] shape =
        switch (spec.layout()) {
          case NHWC -> new long[] {1, h, w, 3};
          case NCHW -> new long[] {1, 3, h, w};
        };
    InferenceSession.Output out = session.run(tensor, shape).get(output);
    return Arrays.copyOf(out.values(), out.values().length);
  }

  private static RgbImage swapRedBlue(RgbImage img) {
    byte[] px = img.toByteArray();
    for (int i = 0; i < px.length; i += 3) {
      byte r = px[i];
      px[i] = px[i + 2];
      px[i + 2] = r;
    }
    return RgbImage.of(img.width(), img.height(), px);
  }
}
