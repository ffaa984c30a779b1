package org.facefare.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Simulated time that runs a fixed factor faster than the wall clock, from a chosen start: a peak
 * of three hours replays in minutes, and every part of the system reads the same time.
 */
public final class SimClock implements InstantSource {

  private final Instant start;
  private final double speedUp;
  private final LongSupplier nanoTime;
  private final long wallStart;

  /**
   * A clock at {@code start} now, running {@code speedUp} times faster than {@code nanoTime}.
   *
   * @param nanoTime a monotonic nanosecond source ({@code System::nanoTime} in production)
   */
  public SimClock(Instant start, double speedUp, LongSupplier nanoTime) {
    this.start = Objects.requireNonNull(start, "start");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    if (!(speedUp > 0) || Double.isInfinite(speedUp)) {
      throw new IllegalArgumentException("speed-up must be positive and finite: " + speedUp);
    }
    this.speedUp = speedUp;
    this.wallStart = nanoTime.getAsLong();
  }

  @Override
  public Instant instant() {
    long elapsed = nanoTime.getAsLong() - wallStart;
    return start.plusNanos(Math.round(elapsed * speedUp));
  }

  /** How much wall time is left until the simulated instant {@code at} (zero if it has passed). */
  public Duration wallTimeUntil(Instant at) {
    Duration simulated = Duration.between(instant(), at);
    if (simulated.isNegative()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.round(simulated.toNanos() / speedUp));
  }

  /** The speed-up factor. */
  public double speedUp() {
    return speedUp;
  }
}
