package org.facefare.server.web.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed sign-ins per key (an address, a client address): after {@code maxFailures} within
 * the window the key is refused until the oldest failure leaves the window.
 *
 * <p>This is the "limit failed attempts per account and per source" control of OWASP's
 * Authentication Cheat Sheet and NIST SP 800-63B §5.2.2 (no more than 100 failures per account);
 * keys are throttled independently so that one attacker cannot lock out every account from one
 * address without also being throttled there. The map is swept of keys whose failures all left the
 * window, so its size is bounded by the failures of one window.
 */
public final class LoginThrottle {

  private final int maxFailures;
  private final Duration window;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  /** A throttle of {@code maxFailures} failures per key per {@code window}. */
  public LoginThrottle(int maxFailures, Duration window, InstantSource clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be positive: " + maxFailures);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** How long {@code key} must still wait, or empty if it may try now. */
  public Optional<Duration> blockedFor(String key) {
    Instant now = clock.instant();
    Deque<Instant> q = failures.get(key);
    if (q == null) {
      return Optional.empty();
    }
    synchronized (q) {
      expire(q, now);
      if (q.size() < maxFailures) {
        return Optional.empty();
      }
      return Optional.of(Duration.between(now, q.peekFirst().plus(window)));
    }
  }

  /** Records a failed attempt of {@code key}. */
  public void failed(String key) {
    Instant now = clock.instant();
    Deque<Instant> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (q) {
      expire(q, now);
      q.addLast(now);
      while (q.size() > maxFailures) {
        q.removeFirst();
      }
    }
    if (failures.size() > 10_000) {
      sweep(now);
    }
  }

  /** Forgets the failures of {@code key} (after a successful sign-in). */
  public void succeeded(String key) {
    failures.remove(key);
  }

  private void sweep(Instant now) {
    failures
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                expire(e.getValue(), now);
                return e.getValue().isEmpty();
              }
            });
  }

  private void expire(Deque<Instant> q, Instant now) {
    while (!q.isEmpty() && !q.peekFirst().plus(window).isAfter(now)) {
      q.removeFirst();
    }
  }
}
