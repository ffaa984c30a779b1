package org.facefare.gate.edge;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * One turnstile's state machine: closed, opened by the authority's decision, passed by the rider,
 * closed again — with timeouts so that a gate never stays open.
 *
 * <p>{@code CLOSED → OPEN} on an open decision; {@code OPEN → PASSED} when the passage sensor
 * fires; {@code OPEN → CLOSED} when nobody passes within the open timeout (the fare was charged:
 * the receipt says so, and a dispute refunds it); {@code PASSED → CLOSED} after the hold time lets
 * the rider clear the wings. Timeouts are applied by {@link #tick()}, which the gate loop calls
 * with every frame; time comes from the injected {@link InstantSource}. Thread-safe.
 */
public final class Turnstile {

  /** Where the turnstile is. */
  public enum State {
    /** Closed; waiting for a rider. */
    CLOSED,
    /** Open for one rider who has not passed yet. */
    OPEN,
    /** The rider passed; closing after the hold time. */
    PASSED
  }

  /** What a call changed. */
  public enum Transition {
    /** Nothing changed. */
    NONE,
    /** Opened for a rider. */
    OPENED,
    /** The rider passed. */
    PASSED,
    /** Closed after the rider passed. */
    CLOSED,
    /** Closed because nobody passed within the open timeout. */
    TIMED_OUT
  }

  private final InstantSource clock;
  private final Duration openTimeout;
  private final Duration passedHold;
  private State state = State.CLOSED;
  private Instant since;

  /**
   * A closed turnstile.
   *
   * @param openTimeout how long it stays open for a rider who does not pass
   * @param passedHold how long it stays open after the passage sensor fired
   */
  public Turnstile(InstantSource clock, Duration openTimeout, Duration passedHold) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.openTimeout = positive(openTimeout, "open timeout");
    this.passedHold = positive(passedHold, "passed hold");
    this.since = clock.instant();
  }

  /** The current state (after applying due timeouts). */
  public synchronized State state() {
    tick();
    return state;
  }

  /**
   * Opens for one rider.
   *
   * @throws IllegalStateException if the turnstile is not closed: one decision opens it once
   */
  public synchronized Transition open() {
    tick();
    if (state != State.CLOSED) {
      throw new IllegalStateException("turnstile is " + state + ", not CLOSED: cannot open");
    }
    return move(State.OPEN, Transition.OPENED);
  }

  /**
   * Records the passage sensor.
   *
   * @return {@code PASSED}, or {@code NONE} for a sensor event while not open (tailgating is the
   *     mechanical barrier's business, not the fare's)
   */
  public synchronized Transition passage() {
    tick();
    return state == State.OPEN ? move(State.PASSED, Transition.PASSED) : Transition.NONE;
  }

  /** Applies due timeouts. */
  public synchronized Transition tick() {
    Instant now = clock.instant();
    return switch (state) {
      case CLOSED -> Transition.NONE;
      case OPEN ->
          now.isBefore(since.plus(openTimeout))
              ? Transition.NONE
              : move(State.CLOSED, Transition.TIMED_OUT);
      case PASSED ->
          now.isBefore(since.plus(passedHold))
              ? Transition.NONE
              : move(State.CLOSED, Transition.CLOSED);
    };
  }

  private Transition move(State to, Transition transition) {
    state = to;
    since = clock.instant();
    return transition;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
