package org.facefare.fares.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.facefare.fares.network.Mode;

/**
 * The transfer window: a journey starts with a paid entry; an entry before {@code window} has
 * passed since the journey's first entry, on the same service day, is a free transfer, except that
 * a journey holds at most {@code limitedEntries} entries on the {@code limitedModes} (Moscow's "90
 * minutes": one metro or ring-railway entry plus unlimited buses). An entry that is not a transfer
 * starts a new journey.
 *
 * @param window how long after the journey's first entry transfers are free; positive
 * @param limitedModes the modes whose entries a journey limits
 * @param limitedEntries how many entries on the limited modes one journey may hold, the first entry
 *     included; not negative
 */
public record TransferRule(Duration window, Set<Mode> limitedModes, int limitedEntries) {

  /** Checks the fields. */
  public TransferRule {
    Objects.requireNonNull(window, "window");
    limitedModes = Set.copyOf(limitedModes);
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("transfer window must be positive: " + window);
    }
    if (limitedEntries < 0) {
      throw new IllegalArgumentException("limited entries is negative: " + limitedEntries);
    }
  }

  /** Whether entries on {@code mode} count towards {@link #limitedEntries}. */
  public boolean limits(Mode mode) {
    return limitedModes.contains(mode);
  }
}
