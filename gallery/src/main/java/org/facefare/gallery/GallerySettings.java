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
   * The default re-rank depth: 512 first-stage candidates scored exactly.
   *
   * <p>Rationale. The decision is made on exact scores, so a shallower re-rank can change it only
   * where the rider's own template is found below 512 candidates and still reaches the threshold.
   * The gallery bench's sweeps never saw that: at 1M (1,250 probes) and at 10M (375) every decision
   * at 128, 256 and 512 was the exact scan's, as it was at 1,024, and every probe whose exact best
   * reaches the threshold was found; recall@1 against the exact scan falls only among probes whose
   * best is an impostor below the threshold (1M: 0.842 at 1,024, 0.833 at 512; 10M: 0.820 and
   * 0.793). Half the depth halves the re-rank's random reads, the largest part of a search's CPU
   * after the code selection: a search's p99 CPU at 1M fell from 0.41 to 0.33 ms ({@code
   * docs/gallery/rerank-sweep-1m}, {@code docs/gallery/rerank-sweep-10m}). 512 keeps twice the
   * depth at which the sweeps still agreed (256, 128) as a margin.
   */
  public static final int DEFAULT_RERANK = 512;

  /**
   * The defaults for a profile: int8, {@link #DEFAULT_RERANK} candidates re-ranked, exact below
   * 20,000, one thread, {@link #DEFAULT_PARTITIONING}.
   */
  public static GallerySettings of(ModelProfile profile) {
    return new GallerySettings(
        profile, Precision.INT8, DEFAULT_RERANK, 20_000, 1, DEFAULT_PARTITIONING);
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
