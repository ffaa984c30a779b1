package org.facefare.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Simulated time that runs a chosen factor faster than the wall clock, from a chosen start: a peak
 * of three hours replays in minutes, and every part of the system reads the same time.
 */
public final class SimClock implements InstantSource {

  private record Anchor(Instant sim, long wall, double speedUp) {}

  private final LongSupplier nanoTime;
  private volatile Anchor anchor;

  /**
   * A clock at {@code start} now, running {@code speedUp} times faster than {@code nanoTime}.
   *
   * @param nanoTime a monotonic nanosecond source ({@code System::nanoTime} in production)
   */
  public SimClock(Instant start, double speedUp, LongSupplier nanoTime) {
    Objects.requireNonNull(start, "start");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.anchor = new Anchor(start, nanoTime.getAsLong(), checked(speedUp));
  }

  @Override
  public Instant instant() {
    Anchor a = anchor;
    long elapsed = nanoTime.getAsLong() - a.wall();
    return a.sim().plusNanos(Math.round(elapsed * a.speedUp()));
  }

  /**
   * Moves simulated time forward to {@code at} (e.g. from the end of set-up to the start of the
   * peak) and runs on from there at {@code speedUp} times the wall clock.
   *
   * @throws IllegalArgumentException if {@code at} is before the clock's present (time never runs
   *     back) or the speed-up is not positive
   */
  public synchronized void jumpTo(Instant at, double speedUp) {
    checked(speedUp);
    Instant now = instant();
    if (at.isBefore(now)) {
      throw new IllegalArgumentException("simulated time never runs back: " + at + " < " + now);
    }
    anchor = new Anchor(at, nanoTime.getAsLong(), speedUp);
  }

  /** Runs on from the present at {@code speedUp} times the wall clock, without a jump. */
  public synchronized void runAt(double speedUp) {
    checked(speedUp);
    long wall = nanoTime.getAsLong();
    Anchor a = anchor;
    anchor =
        new Anchor(a.sim().plusNanos(Math.round((wall - a.wall()) * a.speedUp())), wall, speedUp);
  }

  private static double checked(double speedUp) {
    if (!(speedUp > 0) || Double.isInfinite(speedUp)) {
      throw new IllegalArgumentException("speed-up must be positive and finite: " + speedUp);
    }
    return speedUp;
  }

  /** How much wall time is left until the simulated instant {@code at} (zero if it has passed). */
  public Duration wallTimeUntil(Instant at) {
    Duration simulated = Duration.between(instant(), at);
    if (simulated.isNegative()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.round(simulated.toNanos() / anchor.speedUp()));
  }

  /** The current speed-up factor. */
  public double speedUp() {
    return anchor.speedUp();
  }
}
