package org.facefare.fares.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a ledger charges: its negative-balance policy, how many writers commit charges in parallel,
 * how many charges one commit may carry, how long a writer lingers for more, and the clock that
 * stamps records.
 *
 * @param negativeBalance what happens when a fare is more than the balance
 * @param writers parallel committing writers (each rider is always served by the same one)
 * @param maxBatch the most charges in one transaction
 * @param linger how long a writer may hold its oldest waiting charge for others to join its batch,
 *     counted from that charge's arrival (zero: it starts a batch as soon as it is free)
 * @param clock stamps {@code recorded_at}
 */
public record LedgerSettings(
    NegativeBalancePolicy negativeBalance,
    int writers,
    int maxBatch,
    Duration linger,
    InstantSource clock) {

  /** The longest linger: a charge's answer must never wait on it for long. */
  public static final Duration MAX_LINGER = Duration.ofMillis(100);

  /** Checks the fields. */
  public LedgerSettings {
    Objects.requireNonNull(negativeBalance, "negativeBalance");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(clock, "clock");
    if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
      throw new IllegalArgumentException(
          "linger must lie in [0, " + MAX_LINGER.toMillis() + " ms], not " + linger);
    }
    if (writers < 1 || writers > 64) {
      throw new IllegalArgumentException("writers must be 1..64, not " + writers);
    }
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException("maxBatch must be 1..10000, not " + maxBatch);
    }
  }

  /**
   * Settings: deny below zero, 2 writers, batches of up to 128, no linger, the system clock. Two
   * writers because PostgreSQL flushes the WAL one flush at a time: one writer builds its batch
   * while the other's commit flushes, and more writers only queue for the flush
   * (docs/benchmarks.md, Ledger).
   */
  public static LedgerSettings defaults() {
    return new LedgerSettings(NegativeBalancePolicy.DENY, 2, 128, Duration.ZERO, Clock.systemUTC());
  }

  /** These settings with another policy. */
  public LedgerSettings withNegativeBalance(NegativeBalancePolicy policy) {
    return new LedgerSettings(policy, writers, maxBatch, linger, clock);
  }

  /** These settings with another number of writers and batch size. */
  public LedgerSettings withWriters(int writers, int maxBatch) {
    return new LedgerSettings(negativeBalance, writers, maxBatch, linger, clock);
  }

  /** These settings with another linger. */
  public LedgerSettings withLinger(Duration linger) {
    return new LedgerSettings(negativeBalance, writers, maxBatch, linger, clock);
  }

  /** These settings with another clock. */
  public LedgerSettings withClock(InstantSource clock) {
    return new LedgerSettings(negativeBalance, writers, maxBatch, linger, clock);
  }
}
