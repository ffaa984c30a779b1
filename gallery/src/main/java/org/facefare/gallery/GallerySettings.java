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
 * @param partitioning how the first stage partitions the codes ({@link Partitioning#NONE}: it scans
 *     them all)
 */
public record GallerySettings(
    ModelProfile profile,
    Precision precision,
    int rerank,
    int exactBelow,
    int parallelism,
    Partitioning partitioning) {

  /**
   * The default partitioning: 4,096 lists trained at 200,000 templates, 64 read a search (the
   * measurements behind it are in {@code docs/benchmarks.md}).
   */
  public static final Partitioning DEFAULT_PARTITIONING =
      new Partitioning(4096, 64, 200_000, 0x5EED_F00DL);

  /** Checks the fields. */
  public GallerySettings {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(partitioning, "partitioning");
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
   * The defaults for a profile: int8, 1024 candidates re-ranked, exact below 20,000, one thread,
   * {@link #DEFAULT_PARTITIONING}.
   */
  public static GallerySettings of(ModelProfile profile) {
    return new GallerySettings(profile, Precision.INT8, 1024, 20_000, 1, DEFAULT_PARTITIONING);
  }

  /** These settings with another precision. */
  public GallerySettings withPrecision(Precision p) {
    return new GallerySettings(profile, p, rerank, exactBelow, parallelism, partitioning);
  }

  /** These settings with another re-rank depth. */
  public GallerySettings withRerank(int k) {
    return new GallerySettings(profile, precision, k, exactBelow, parallelism, partitioning);
  }

  /** These settings with another exact-scan limit. */
  public GallerySettings withExactBelow(int n) {
    return new GallerySettings(profile, precision, rerank, n, parallelism, partitioning);
  }

  /** These settings with another parallelism. */
  public GallerySettings withParallelism(int p) {
    return new GallerySettings(profile, precision, rerank, exactBelow, p, partitioning);
  }

  /** These settings with another partitioning. */
  public GallerySettings withPartitioning(Partitioning p) {
    return new GallerySettings(profile, precision, rerank, exactBelow, parallelism, p);
  }
}
