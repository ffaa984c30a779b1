package org.facefare.face.eval;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The similarity of every pair of usable samples, computed once and stored as the strict upper
 * triangle in single precision.
 */
final class ScoreMatrix {

  private static final int MAX_SAMPLES = 65_536;

  private final int size;
  private final boolean[] usable;
  private final float[] upper;

  private ScoreMatrix(int size, boolean[] usable, float[] upper) {
    this.size = size;
    this.usable = usable;
    this.upper = upper;
  }

  /** Scores every pair of usable samples; the list's order fixes the indices. */
  static ScoreMatrix compute(List<Sample> samples, Similarity similarity) {
    int n = samples.size();
    if (n > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "at most " + MAX_SAMPLES + " samples can be evaluated at once, got " + n);
    }
    boolean[] usable = new boolean[n];
    float[][] prepared = new float[n][];
    int dimension = 0;
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      if (s.outcome() instanceof SampleOutcome.Usable u) {
        if (dimension == 0) {
          dimension = u.dimension();
        } else if (u.dimension() != dimension) {
          throw new IllegalArgumentException(
              "embedding of "
                  + s.imageId()
                  + " has "
                  + u.dimension()
                  + " values, others have "
                  + dimension);
        }
        usable[i] = true;
        try {
          prepared[i] = similarity.prepare(u.embedding());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "cannot prepare the embedding of " + s.imageId() + ": " + e.getMessage(), e);
        }
      }
    }
    float[] upper = new float[(int) ((long) n * (n - 1) / 2)];
    IntStream.range(0, n)
        .parallel()
        .filter(i -> usable[i])
        .forEach(
            i -> {
              int row = rowStart(n, i);
              for (int j = i + 1; j < n; j++) {
                if (usable[j]) {
                  double score = similarity.score(prepared[i], prepared[j]);
                  if (!Double.isFinite(score)) {
                    throw new IllegalArgumentException(
                        similarity.name()
                            + " gave the non-finite score "
                            + score
                            + " for "
                            + samples.get(i).imageId()
                            + " and "
                            + samples.get(j).imageId());
                  }
                  upper[row + j - i - 1] = (float) score;
                }
              }
            });
    return new ScoreMatrix(n, usable, upper);
  }

  boolean usable(int i) {
    return usable[i];
  }

  /** The score of two distinct usable samples. */
  double score(int i, int j) {
    if (i == j || !usable[i] || !usable[j]) {
      throw new IllegalArgumentException("no score for samples " + i + " and " + j);
    }
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    return upper[rowStart(size, a) + b - a - 1];
  }

  private static int rowStart(int n, int i) {
    return (int) ((long) i * n - (long) i * (i + 1) / 2);
  }
}
