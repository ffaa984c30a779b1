package org.facefare.gate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand. */
public final class TestClock implements InstantSource {

  private Instant now;

  /** A clock at {@code start}. */
  public TestClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }
}
