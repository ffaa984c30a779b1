package org.facefare.face.eval;

import java.util.Objects;
import java.util.function.ToDoubleBiFunction;

/**
 * A comparison score of two embeddings where a higher score always means "more likely the same
 * person".
 *
 * <p>{@link #prepare} runs once per embedding before any comparison (cosine normalises there, so
 * that each comparison is one dot product); {@link #score} compares two prepared embeddings.
 */
public interface Similarity {

  /** A short name for reports, such as {@code cosine}. */
  String name();

  /** Turns an embedding into the form {@link #score} compares; the default keeps it. */
  default float[] prepare(float[] embedding) {
    return embedding;
  }

  /** The score of two prepared embeddings of equal length. */
  double score(float[] a, float[] b);

  /** Cosine similarity, in [-1, 1]; embeddings need not be normalised but must not be zero. */
  static Similarity cosine() {
    return Similarities.COSINE;
  }

  /** The negated Euclidean (L2) distance, in (-inf, 0]: face-api.js's own comparison. */
  static Similarity negativeL2() {
    return Similarities.NEGATIVE_L2;
  }

  /** A named similarity from a scoring function that needs no preparation. */
  static Similarity of(String name, ToDoubleBiFunction<float[], float[]> score) {
    Objects.requireNonNull(score, "score");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a similarity needs a name");
    }
    return new Similarity() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double score(float[] a, float[] b) {
        return score.applyAsDouble(a, b);
      }
    };
  }
}
