package org.facefare.face.eval;

import java.util.List;

/**
 * The results of one run split by the values of one sample tag.
 *
 * @param tag the tag name
 * @param untagged samples without the tag (in no subset)
 * @param subsets one per tag value, in value order
 */
public record Breakdown(String tag, long untagged, List<Subset> subsets) {

  /** Copies the subsets. */
  public Breakdown {
    subsets = List.copyOf(subsets);
  }
}
