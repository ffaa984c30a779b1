package org.facefare.privacy.retention;

import java.time.Instant;
import java.util.List;

/** The identification counts per station and hour that staff may see: no rider ids, ever. */
public interface MatchStatistics {

  /** The counts for hours in {@code [from, to)}, both retained and already aggregated records. */
  List<HourlyCount> hourly(Instant from, Instant to);
}
