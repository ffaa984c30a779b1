package org.facefare.face.eval;

import java.util.Objects;

/** What a face pipeline produced for one image: an embedding, or the reason it produced none. */
public sealed interface SampleOutcome {

  /** An embedding the pipeline produced; its values are finite and it has at least one of them. */
  record Usable(float[] embedding) implements SampleOutcome {
    /** Checks and copies the embedding. */
    public Usable {
      Objects.requireNonNull(embedding, "embedding");
      if (embedding.length == 0) {
        throw new IllegalArgumentException("an embedding needs at least one value");
      }
      embedding = embedding.clone();
      for (int i = 0; i < embedding.length; i++) {
        if (!Float.isFinite(embedding[i])) {
          throw new IllegalArgumentException(
              "embedding value " + i + " is not finite: " + embedding[i]);
        }
      }
    }

    /** Returns a copy of the embedding. */
    @Override
    public float[] embedding() {
      return embedding.clone();
    }

    int dimension() {
      return embedding.length;
    }
  }

  /** No embedding: the pipeline could not use the image (no face found, too dark, ...). */
  record Unusable(String reason) implements SampleOutcome {
    /** Checks the reason. */
    public Unusable {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("an unusable sample needs a reason");
      }
    }
  }
}
