package org.facefare.gallery;

import java.util.Objects;

/**
 * How a gallery is configured: its model, storage precision, and how the search is run.
 *
 * @param profile the model profile
 * @param precision how templates are stored
 * @param rerank how many first-stage candidates are re-ranked exactly
 * @param exactBelow below this many stored templates the search is an exact scan
 * @param parallelism threads one search is split over (the caller's included)
 */
public record GallerySettings(
    ModelProfile profile, Precision precision, int rerank, int exactBelow, int parallelism) {

  /** Checks the fields. */
  public GallerySettings {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(precision, "precision");
    if (rerank < 2 || rerank > 100_000) {
      throw new IllegalArgumentException("rerank must lie in [2, 100000], got " + rerank);
    }
    if (exactBelow < 0) {
      throw new IllegalArgumentException("exactBelow must not be negative");
    }
    if (parallelism < 1 || parallelism > 256) {
      throw new IllegalArgumentException("parallelism must lie in [1, 256], got " + parallelism);
    }
  }

  /**
   * The defaults for a profile: int8, 1024 candidates re-ranked, exact below 20,000, one thread.
   */
  public static GallerySettings of(ModelProfile profile) {
    return new GallerySettings(profile, Precision.INT8, 1024, 20_000, 1);
  }

  /** These settings with another precision. */
  public GallerySettings withPrecision(Precision p) {
    return new GallerySettings(profile, p, rerank, exactBelow, parallelism);
  }

  /** These settings with another re-rank depth. */
  public GallerySettings withRerank(int k) {
    return new GallerySettings(profile, precision, k, exactBelow, parallelism);
  }

  /** These settings with another exact-scan limit. */
  public GallerySettings withExactBelow(int n) {
    return new GallerySettings(profile, precision, rerank, n, parallelism);
  }

  /** These settings with another parallelism. */
  public GallerySettings withParallelism(int p) {
    return new GallerySettings(profile, precision, rerank, exactBelow, p);
  }
}
