package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.HourlyTrips;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.NegativeBalancePolicy;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of trips on an injected clock, on real PostgreSQL with the production migrations: old
 * trips become anonymous counts per station and hour, their per-rider records go, the money journal
 * stays whole and balanced.
 */
class TripRetentionTest {

  private static final Instant DAY0 = Instant.parse("2026-01-10T08:00:00Z");
  private static final Map<String, String> STATIONS =
      Map.of("G1", "north", "G2", "north", "G3", "south");
  private static final UnaryOperator<String> STATION = STATIONS::get;

  @TempDir static Path dir;
  static Database db;
  static final AtomicReference<Instant> NOW = new AtomicReference<>(DAY0);
  static PostgresLedger ledger;

  @BeforeAll
  static void start() {
    db = LedgerDb.open(dir);
    ledger =
        PostgresLedger.open(
            db,
            DailyCapPricer.rub(6_000, 100_000),
            new SandboxPaymentProvider(),
            LedgerSettings.defaults()
                .withNegativeBalance(NegativeBalancePolicy.DENY)
                .withClock(NOW::get));
  }

  @AfterAll
  static void stop() {
    ledger.close();
    db.close();
  }

  private static ChargeRequest trip(String id, RiderId r, String gate, Instant at) {
    return new ChargeRequest(id, r, new Entry(gate, at));
  }

  @Test
  void oldTripsBecomeHourlyCountsPerStationTheirRecordsGoAndTheJournalStaysWhole()
      throws SQLException {
    RiderId anna = new RiderId("anna");
    RiderId boris = new RiderId("boris");
    for (RiderId r : List.of(anna, boris)) {
      ledger.openWallet(r, Currency.getInstance("RUB"), "adult");
    }
    ledger.topUp(new TopUpRequest("t-anna", anna, Money.of(20_000, "RUB"), "sandbox-approve"));
    ledger.topUp(new TopUpRequest("t-boris", boris, Money.of(6_000, "RUB"), "sandbox-approve"));
    // Day 0, 08:xx: Anna at G1 and G3, Boris at G2; Boris is refused at G2 at 09:10 (no money).
    ledger.charge(trip("a1", anna, "G1", DAY0.plusSeconds(60)));
    ledger.charge(trip("a2", anna, "G3", DAY0.plusSeconds(1_200)));
    ledger.charge(trip("b1", boris, "G2", DAY0.plusSeconds(1_800)));
    ledger.charge(trip("b2", boris, "G2", DAY0.plusSeconds(4_200)));
    NOW.set(DAY0.plusSeconds(7_200));
    ledger.refund("refund-a1", "a1", "gate fault");
    // Day 60: Anna once more, within the period when retention runs on day 95.
    Instant day60 = DAY0.plus(Duration.ofDays(60));
    NOW.set(day60);
    ledger.charge(trip("a3", anna, "G1", day60));
    long journalBefore = LedgerDb.count(db, "SELECT count(*) FROM fares.journal_line");

    NOW.set(DAY0.plus(Duration.ofDays(95)));
    Instant cutoff = NOW.get().minus(Duration.ofDays(90));
    assertThat(ledger.forgetTripsBefore(cutoff, STATION)).isEqualTo(4);
    assertThat(ledger.forgetTripsBefore(cutoff, STATION)).isZero();

    assertThat(ledger.hourlyTrips(DAY0.minusSeconds(3_600), DAY0.plusSeconds(7_200), STATION))
        .containsExactly(
            new HourlyTrips("north", DAY0, 2, 0, Money.of(12_000, "RUB")),
            new HourlyTrips("south", DAY0, 1, 0, Money.of(6_000, "RUB")),
            new HourlyTrips("north", DAY0.plusSeconds(3_600), 0, 1, Money.of(0, "RUB")));
    assertThat(ledger.hourlyTrips(day60, day60.plusSeconds(3_600), STATION))
        .containsExactly(new HourlyTrips("north", day60, 1, 0, Money.of(6_000, "RUB")));
    assertThat(
            LedgerDb.count(db, "SELECT count(*) FROM fares.charge WHERE request_id IN ('a1','b1')"))
        .isZero();
    assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.trip_hourly")).isEqualTo(3);

    // Anna's statement: her remaining trip, her top-up and the refund, which no longer names the
    // forgotten trip; her balance and the journal are untouched.
    List<StatementItem> items = ledger.statement(anna, Instant.EPOCH, NOW.get(), 100).items();
    assertThat(items)
        .extracting(i -> i.cursor().item())
        .containsExactly("c:a3", "a:refund-a1", "t:t-anna");
    assertThat(((StatementItem.Adjusted) items.get(1)).original()).isEmpty();
    assertThat(ledger.wallet(anna).orElseThrow().balance())
        .isEqualTo(Money.of(20_000 - 3 * 6_000 + 6_000, "RUB"));
    assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.journal_line"))
        .isEqualTo(journalBefore);
    assertThat(ledger.reconcile().mismatches()).isEmpty();

    // Outside retention, charges stay immutable.
    assertThatThrownBy(
            () -> LedgerDb.execute(db, "DELETE FROM fares.charge WHERE request_id = 'a3'"))
        .hasMessageContaining("charges are append-only");
    assertThatThrownBy(
            () ->
                LedgerDb.execute(
                    db,
                    "SELECT set_config('fares.forget_before', '2026-01-01T00:00:00Z', true)",
                    "DELETE FROM fares.charge WHERE request_id = 'a3'"))
        .hasMessageContaining("charges are append-only");
    assertThatThrownBy(() -> LedgerDb.execute(db, "UPDATE fares.charge SET gate_id = 'G2'"))
        .hasMessageContaining("charges are append-only");
    assertThatThrownBy(() -> LedgerDb.execute(db, "TRUNCATE fares.charge"))
        .hasMessageContaining("append-only");
  }

  @Test
  void retentionRunningWhileGatesChargeForgetsEachOldTripOnceAndNoNewOne() throws Exception {
    Instant start = NOW.get();
    List<RiderId> riders = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RiderId r = new RiderId("c-" + i + "-" + start.getEpochSecond());
      ledger.openWallet(r, Currency.getInstance("RUB"), "adult");
      ledger.topUp(new TopUpRequest("t-" + r, r, Money.of(1_000_000, "RUB"), "sandbox-approve"));
      riders.add(r);
    }
    // 40 old trips (10 per rider, a day apart, 200 days ago), then the clock moves on.
    Instant old = start.minus(Duration.ofDays(200));
    NOW.set(old);
    for (int d = 0; d < 10; d++) {
      for (RiderId r : riders) {
        ledger.charge(trip("old-" + r + "-" + d, r, "G3", old.plus(Duration.ofDays(d))));
      }
    }
    NOW.set(start);
    Instant cutoff = start.minus(Duration.ofDays(90));
    long countedBefore =
        LedgerDb.count(db, "SELECT coalesce(sum(charged), 0) FROM fares.trip_hourly");
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(5);
    try {
      List<java.util.concurrent.Future<Long>> forgotten = new java.util.ArrayList<>();
      List<java.util.concurrent.Future<?>> charging = new java.util.ArrayList<>();
      for (RiderId r : riders) {
        charging.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < 25; k++) {
                    ledger.charge(trip("new-" + r + "-" + k, r, "G1", start.plusSeconds(k)));
                  }
                }));
      }
      for (int k = 0; k < 5; k++) {
        forgotten.add(pool.submit(() -> ledger.forgetTripsBefore(cutoff, STATION)));
      }
      for (var f : charging) {
        f.get();
      }
      long total = 0;
      for (var f : forgotten) {
        total += f.get();
      }
      assertThat(total).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            LedgerDb.count(db, "SELECT coalesce(sum(charged), 0) FROM fares.trip_hourly")
                - countedBefore)
        .isEqualTo(40);
    for (RiderId r : riders) {
      assertThat(ledger.statement(r, Instant.EPOCH, start.plusSeconds(3_600), 500).items())
          .filteredOn(StatementItem.Trip.class::isInstance)
          .hasSize(25);
    }
    assertThat(ledger.reconcile().mismatches()).isEmpty();
  }

  @Test
  void aCutoffInsideTheFareEnginesLookBackIsRefused() {
    Instant now = NOW.get();
    assertThatThrownBy(() -> ledger.forgetTripsBefore(now, STATION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("still prices entries from");
  }
}
