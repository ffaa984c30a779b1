package org.facefare.privacy.log;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a signed tree head whenever the interval has passed since the last one, on the injected
 * clock; {@link TransparencyLog#signHead} publishes one on demand.
 */
public final class TreeHeadPublisher {

  private static final System.Logger LOG = System.getLogger(TreeHeadPublisher.class.getName());

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

  /**
   * Checks every {@code tick} on {@code scheduler} whether a head is due; a failure is logged and
   * retried at the next tick.
   *
   * @return the scheduled task, to cancel on shutdown
   */
  public ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration tick) {
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            publishIfDue();
          } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "publishing a tree head failed; it is retried in " + tick, e);
          }
        },
        0,
        tick.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
