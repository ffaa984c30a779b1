package org.facefare.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TreeHead;
import org.facefare.privacy.retention.HourlyCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's privacy schedules on an injected clock, with real PostgreSQL and the production
 * migrations: tree heads at the interval and on demand, retention of trips and matches when the
 * clock passes the period, both stopped on close.
 */
class PrivacyJobsTest {

  private static final Instant DAY0 = Instant.parse("2026-02-03T06:30:00Z");

  @TempDir Path dir;

  /** Waits (up to 20 s of real time) for the background thread to do what is due. */
  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void headsArePublishedAtTheIntervalAndRetentionRunsDailyOnTheInjectedClock() throws Exception {
    MovableClock clock = new MovableClock(DAY0);
    FaceFareSystem system =
        FaceFareSystem.builder(dir)
            .clock(clock)
            .treeHeadInterval(Duration.ofHours(1))
            .jobTick(Duration.ofMillis(20))
            .open();
    PrivacyJobs jobs = system.privacyJobs();
    try {
      await("the first head", () -> jobs.latestHead().isPresent());
      await("the first retention run", () -> jobs.lastRetention().isPresent());
      assertThat(jobs.latestHead().orElseThrow().timestamp()).isEqualTo(DAY0);

      String gate = system.network().gates().getFirst().id();
      RiderId rider = new RiderId("rider-jobs");
      system.ledger().openWallet(rider, Currency.getInstance("RUB"), "adult");
      system
          .ledger()
          .topUp(new TopUpRequest("top-jobs", rider, Money.of(50_000, "RUB"), "sandbox-approve"));
      String request = UUID.randomUUID().toString();
      assertThat(system.ledger().charge(new ChargeRequest(request, rider, new Entry(gate, DAY0))))
          .isInstanceOf(ChargeResult.Charged.class);
      String station = system.network().stationOfGate(gate).id();
      system
          .log()
          .append(
              new LogEntry.Identification(
                  new Pseudonym(rider.value()), station, gate, DAY0, "OPEN", request));

      // Within the interval nothing new is published; on demand a head covers the new entry.
      Thread.sleep(100);
      assertThat(jobs.latestHead().orElseThrow().size()).isZero();
      TreeHead now = jobs.publishNow();
      assertThat(now.size()).isEqualTo(1);
      assertThat(jobs.latestHead()).contains(now);

      clock.advance(Duration.ofMinutes(61));
      await(
          "a head after the interval",
          () -> jobs.latestHead().orElseThrow().timestamp().equals(clock.instant()));

      // 91 days on, the daily run expires the trip and the match into anonymous counts.
      clock.advance(Duration.ofDays(91));
      await(
          "the retention run 91 days on",
          () -> jobs.lastRetention().orElseThrow().ranAt().equals(clock.instant()));
      assertThat(jobs.lastRetention().orElseThrow().expired())
          .containsEntry("trip records", 1L)
          .containsEntry("match records", 1L);
      List<StatementItem> items =
          system.ledger().statement(rider, Instant.EPOCH, clock.instant(), 10).items();
      assertThat(items).singleElement().isInstanceOf(StatementItem.TopUp.class);
      Instant hour = Instant.parse("2026-02-03T06:00:00Z");
      assertThat(system.matchStatistics().hourly(hour, hour.plusSeconds(3_600)))
          .containsExactly(new HourlyCount(station, hour, "OPEN", 1));
      assertThat(
              system.ledger().hourlyTrips(hour, hour.plusSeconds(3_600), g -> station).getFirst())
          .satisfies(
              t -> {
                assertThat(t.station()).isEqualTo(station);
                assertThat(t.charged()).isEqualTo(1);
              });
    } finally {
      system.close();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("facefare-privacy-jobs") && t.isAlive());
  }

  @Test
  void aRetentionPeriodShorterThanTheFarePolicysLookBackIsRefused() {
    assertThatThrownBy(
            () ->
                FaceFareSystem.builder(dir)
                    .clock(new MovableClock(DAY0))
                    .retentionPeriod(Duration.ofHours(1))
                    .open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than the fare policy's look-back");
  }
}
