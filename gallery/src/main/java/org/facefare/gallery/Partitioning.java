package org.facefare.gallery;

/**
 * How the approximate first stage partitions stored templates into inverted lists: how many lists,
 * how many of the nearest a search reads, at how many stored templates the partition is trained,
 * and the seed of its k-means.
 *
 * @param lists inverted lists (0: no partition, every search scans all codes)
 * @param probes lists a search reads, the nearest to the probe first
 * @param from the partition is trained once this many templates are stored
 * @param seed the seed of the k-means sample and initial centroids
 */
public record Partitioning(int lists, int probes, int from, long seed) {

  /** No partition: the first stage scans every stored template's code. */
  public static final Partitioning NONE = new Partitioning(0, 0, 0, 0);

  /** Checks the fields. */
  public Partitioning {
    if (lists != 0 && (lists < 4 || lists > 65_536)) {
      throw new IllegalArgumentException("lists must be 0 or lie in [4, 65536], got " + lists);
    }
    if (lists == 0 && (probes != 0 || from != 0)) {
      throw new IllegalArgumentException("without lists, probes and from must be 0");
    }
    if (lists > 0 && (probes < 1 || probes > lists)) {
      throw new IllegalArgumentException(
          "probes must lie in [1, " + lists + "] (the lists), got " + probes);
    }
    if (lists > 0 && from < lists) {
      throw new IllegalArgumentException(
          "the partition needs at least one template a list: from must be at least "
              + lists
              + ", got "
              + from);
    }
  }

  /** Whether templates are partitioned at all. */
  public boolean enabled() {
    return lists > 0;
  }

  /** This partitioning with another number of lists read a search. */
  public Partitioning withProbes(int p) {
    return new Partitioning(lists, p, from, seed);
  }
}
