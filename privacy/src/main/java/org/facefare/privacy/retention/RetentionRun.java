package org.facefare.privacy.retention;

import java.time.Instant;
import java.util.Map;

/**
 * What one run of the retention job did.
 *
 * @param ranAt when it ran
 * @param cutoff records from before this were expired
 * @param expired the number of records deleted, by target name
 */
public record RetentionRun(Instant ranAt, Instant cutoff, Map<String, Long> expired) {

  /** Copies the map. */
  public RetentionRun {
    expired = Map.copyOf(expired);
  }
}
