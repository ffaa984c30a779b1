package org.facefare.face.eval;

/** The built-in similarities. */
final class Similarities {

  static final Similarity COSINE = new Cosine();
  static final Similarity NEGATIVE_L2 = new NegativeL2();

  private Similarities() {}

  /** Cosine similarity: embeddings are scaled to unit length once, then compared by dot product. */
  private record Cosine() implements Similarity {
    @Override
    public String name() {
      return "cosine";
    }

    @Override
    public float[] prepare(float[] embedding) {
      double norm = Math.sqrt(dot(embedding, embedding));
      if (norm == 0) {
        throw new IllegalArgumentException("cosine similarity is undefined for a zero embedding");
      }
      float[] unit = new float[embedding.length];
      for (int i = 0; i < unit.length; i++) {
        unit[i] = (float) (embedding[i] / norm);
      }
      return unit;
    }

    @Override
    public double score(float[] a, float[] b) {
      return dot(a, b);
    }
  }

  /** The negated Euclidean distance. */
  private record NegativeL2() implements Similarity {
    @Override
    public String name() {
      return "negative L2 distance";
    }

    @Override
    public double score(float[] a, float[] b) {
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        double d = a[i] - b[i];
        sum += d * d;
      }
      return -Math.sqrt(sum);
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
