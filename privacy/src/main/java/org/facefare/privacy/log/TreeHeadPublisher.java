package org.facefare.privacy.log;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes a signed tree head whenever the interval has passed since the last one, on the injected
 * clock; {@link TransparencyLog#signHead} publishes one on demand. The server's schedule asks it at
 * every tick ({@code org.facefare.server.wiring.PrivacyJobs}).
 */
public final class TreeHeadPublisher {

  private final TransparencyLog log;
  private final Clock clock;
  private final Duration interval;

  /**
   * Makes a publisher.
   *
   * @param log the log
   * @param clock the clock that says when a head is due
   * @param interval the longest time between two heads
   */
  public TreeHeadPublisher(TransparencyLog log, Clock clock, Duration interval) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the publishing interval must be positive: " + interval);
    }
    this.interval = interval;
  }

  /** Signs a head if none was signed within the interval; returns it. */
  public Optional<TreeHead> publishIfDue() {
    Optional<TreeHead> last = log.latestHead();
    if (last.isPresent() && last.get().timestamp().plus(interval).isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(log.signHead());
  }
}
