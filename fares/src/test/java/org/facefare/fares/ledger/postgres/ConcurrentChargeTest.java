package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many gates charging the same riders at the same instant, through two ledgers (two servers) over
 * one database, each request also retried by a second thread: every rider pays exactly the daily
 * cap, once per request id.
 */
class ConcurrentChargeTest {

  private static final Instant AT = Instant.parse("2026-03-03T09:00:00Z");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} writers, batches of {1}")
  @CsvSource({"1, 1", "4, 64"})
  void gatesRacingForTheSameRidersAreSerialised(int writers, int batch) throws Exception {
    try (Database db = LedgerDb.open(dir)) {
      LedgerSettings settings = LedgerSettings.defaults().withWriters(writers, batch);
      DailyCapPricer pricer = DailyCapPricer.rub(6_200, 23_000);
      try (PostgresLedger a =
              PostgresLedger.open(db, pricer, new SandboxPaymentProvider(), settings);
          PostgresLedger b =
              PostgresLedger.open(db, pricer, new SandboxPaymentProvider(), settings)) {
        List<RiderId> riders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          RiderId r = new RiderId("race-" + i);
          a.openWallet(r, Currency.getInstance("RUB"), "adult");
          a.topUp(new TopUpRequest("top-" + i, r, Money.of(100_000, "RUB"), "sandbox-approve"));
          riders.add(r);
        }
        int threads = 8;
        int perThread = 12;
        Map<String, ChargeResult> first = new ConcurrentHashMap<>();
        Map<String, ChargeResult> retry = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> gates = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int gate = t;
          for (boolean isRetry : new boolean[] {false, true}) {
            PostgresLedger via = (gate % 2 == 0) == isRetry ? a : b;
            Thread th =
                Thread.ofPlatform()
                    .start(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            return;
                          }
                          for (int k = 0; k < perThread; k++) {
                            RiderId r = riders.get(k % riders.size());
                            String id = "g" + gate + "-" + k;
                            ChargeRequest req =
                                new ChargeRequest(id, r, new Entry("G" + (gate % 3 + 1), AT));
                            (isRetry ? retry : first).put(id, via.charge(req));
                          }
                        });
            gates.add(th);
          }
        }
        go.countDown();
        for (Thread th : gates) {
          th.join();
        }
        assertThat(first).hasSize(threads * perThread);
        first.forEach(
            (id, r) -> {
              ChargeResult other = retry.get(id);
              assertThat(other.quote()).isEqualTo(r.quote());
              assertThat(other.balanceAfter()).isEqualTo(r.balanceAfter());
              assertThat(r.replayed() ^ other.replayed())
                  .as("one of the two attempts charged")
                  .isTrue();
            });
        for (RiderId r : riders) {
          assertThat(a.wallet(r).orElseThrow().balance().minor()).isEqualTo(100_000 - 23_000);
        }
        assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.charge"))
            .isEqualTo(threads * perThread);
        assertThat(LedgerDb.count(db, "SELECT coalesce(sum(amount), 0) FROM fares.charge"))
            .isEqualTo(23_000L * riders.size());
        assertThat(a.reconcile().mismatches()).isEmpty();
      }
    }
  }

  @Test
  void twoRidersLockedInOppositeOrdersNeverDeadlock() throws Exception {
    try (Database db = LedgerDb.open(dir)) {
      LedgerSettings settings = LedgerSettings.defaults().withWriters(1, 64);
      DailyCapPricer pricer = DailyCapPricer.rub(100, 1_000_000);
      try (PostgresLedger a =
              PostgresLedger.open(db, pricer, new SandboxPaymentProvider(), settings);
          PostgresLedger b =
              PostgresLedger.open(db, pricer, new SandboxPaymentProvider(), settings)) {
        RiderId x = new RiderId("x");
        RiderId y = new RiderId("y");
        for (RiderId r : List.of(x, y)) {
          a.openWallet(r, Currency.getInstance("RUB"), "adult");
          a.topUp(new TopUpRequest("t" + r, r, Money.of(1_000_000, "RUB"), "sandbox-approve"));
        }
        List<java.util.concurrent.CompletableFuture<ChargeResult>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          Instant at = AT.plusMillis(i);
          all.add(a.submit(new ChargeRequest("a" + i, i % 2 == 0 ? x : y, new Entry("G1", at))));
          all.add(b.submit(new ChargeRequest("b" + i, i % 2 == 0 ? y : x, new Entry("G2", at))));
        }
        all.forEach(f -> assertThat(f.join()).isInstanceOf(ChargeResult.Charged.class));
        assertThat(a.wallet(x).orElseThrow().balance().minor()).isEqualTo(1_000_000 - 300 * 100);
        assertThat(a.reconcile().ok()).isTrue();
      }
    }
  }
}
