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

  /**
   * The embedding of an aligned crop averaged with that of its mirror image, each normalised first:
   * a standard test-time augmentation that cancels left-right asymmetries of pose and light.
   */
  public float[] embedWithMirror(RgbImage crop) {
    float[] a = unit(embed(crop));
    float[] b = unit(embed(mirror(crop)));
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    float inv = n > 0 ? (float) (1 / Math.sqrt(n)) : 0f;
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  private static RgbImage mirror(RgbImage img) {
    int w = img.width();
    byte[] src = img.toByteArray();
    byte[] out = new byte[src.length];
    for (int y = 0; y < img.height(); y++) {
      int row = 3 * y * w;
      for (int x = 0; x < w; x++) {
        int s = row + 3 * x;
        int d = row + 3 * (w - 1 - x);
        out[d] = src[s];
        out[d + 1] = src[s + 1];
        out[d + 2] = src[s + 2];
      }
    }
    return RgbImage.of(w, img.height(), out);
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
