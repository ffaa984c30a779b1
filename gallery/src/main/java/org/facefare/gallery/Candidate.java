package org.facefare.gallery;

import java.util.Objects;

/**
 * A rider the search ranked for a probe, with the exact cosine between the probe and the rider's
 * closest stored template.
 *
 * @param rider the rider
 * @param score the exact cosine similarity, in [-1, 1]
 */
public record Candidate(RiderKey rider, double score) {

  /** Checks the fields. */
  public Candidate {
    Objects.requireNonNull(rider, "rider");
    if (!(score >= -1.0001 && score <= 1.0001)) {
      throw new IllegalArgumentException("a cosine lies in [-1, 1], got " + score);
    }
  }
}
