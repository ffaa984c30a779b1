package org.facefare.privacy.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The job that expires per-rider records older than the retention period (90 days by default) in
 * every {@link RetentionTarget}, on the injected clock; the server's schedule runs it daily by that
 * clock ({@code org.facefare.server.wiring.PrivacyJobs}).
 */
public final class RetentionJob {

  /** The retention period unless configured otherwise. */
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(90);

  private final Clock clock;
  private final Duration period;
  private final List<RetentionTarget> targets;

  /**
   * Makes the job.
   *
   * @param clock the clock that says what "older than the period" is
   * @param period how long records are kept
   * @param targets the stores to expire
   */
  public RetentionJob(Clock clock, Duration period, List<? extends RetentionTarget> targets) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the retention period must be positive: " + period);
    }
    this.period = period;
    this.targets = List.copyOf(targets);
  }

  /** Expires, in every target, the records older than the period, now. */
  public RetentionRun runOnce() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(period);
    Map<String, Long> expired = new LinkedHashMap<>();
    for (RetentionTarget t : targets) {
      expired.put(t.name(), t.expireBefore(cutoff));
    }
    return new RetentionRun(now, cutoff, expired);
  }
}
