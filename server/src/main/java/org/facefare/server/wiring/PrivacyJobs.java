package org.facefare.server.wiring;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.log.TreeHeadPublisher;
import org.facefare.privacy.retention.RetentionJob;
import org.facefare.privacy.retention.RetentionRun;

/**
 * The system's two privacy schedules on the injected clock: a signed tree head whenever the
 * publishing interval has passed since the last one, and a retention run whenever its period (a day
 * by default) has passed since the last run; both also on demand, both stopped on close.
 *
 * <p>One daemon thread checks, every tick of real time, whether either is due by the injected
 * clock, so that a simulation on fast simulated time publishes and expires on its own time.
 */
public final class PrivacyJobs implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PrivacyJobs.class.getName());

  private final TransparencyLog log;
  private final TreeHeadPublisher publisher;
  private final RetentionJob retention;
  private final Clock clock;
  private final Duration retentionEvery;
  private final ReentrantLock retentionLock = new ReentrantLock();
  private final ScheduledExecutorService scheduler;
  private volatile RetentionRun lastRetention;

  /**
   * Makes the jobs and starts their thread.
   *
   * @param log the transparency log whose heads are published
   * @param retention the retention job over every retention target
   * @param clock the injected clock that says when each is due
   * @param headInterval the longest time between two signed tree heads
   * @param retentionEvery the time between two retention runs
   * @param tick how often, in real time, the thread checks what is due
   */
  PrivacyJobs(
      TransparencyLog log,
      RetentionJob retention,
      Clock clock,
      Duration headInterval,
      Duration retentionEvery,
      Duration tick) {
    this.log = Objects.requireNonNull(log, "log");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.publisher = new TreeHeadPublisher(log, clock, headInterval);
    this.retentionEvery = positive("retention interval", retentionEvery);
    positive("job tick", tick);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("facefare-privacy-jobs").unstarted(r));
    scheduler.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Duration positive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("the " + what + " must be positive: " + d);
    }
    return d;
  }

  private void tick() {
    try {
      publisher.publishIfDue();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "publishing a tree head failed; it is retried at the next tick", e);
    }
    try {
      RetentionRun last = lastRetention;
      if (last == null || !clock.instant().isBefore(last.ranAt().plus(retentionEvery))) {
        runRetentionNow();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "the retention run failed; it is retried at the next tick", e);
    }
  }

  /** Signs and publishes a tree head for the log as it is now. */
  public TreeHead publishNow() {
    return log.signHead();
  }

  /** The newest published signed tree head: what the console shows and auditors check. */
  public Optional<TreeHead> latestHead() {
    return log.latestHead();
  }

  /** Runs retention over every target now (one run at a time). */
  public RetentionRun runRetentionNow() {
    retentionLock.lock();
    try {
      RetentionRun run = retention.runOnce();
      lastRetention = run;
      return run;
    } finally {
      retentionLock.unlock();
    }
  }

  /** The last retention run since start, if any finished. */
  public Optional<RetentionRun> lastRetention() {
    return Optional.ofNullable(lastRetention);
  }

  /** Stops the schedule, waiting for a run in progress to finish. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
