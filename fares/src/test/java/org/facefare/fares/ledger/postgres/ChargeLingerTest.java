package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** A writer's linger gathers the charges that arrive meanwhile into one transaction. */
class ChargeLingerTest {

  private static final Instant AT = Instant.parse("2026-03-03T09:00:00Z");

  @TempDir Path dir;

  @Test
  void chargesArrivingWithinTheLingerShareOneTransaction() throws Exception {
    List<Integer> transactions = new CopyOnWriteArrayList<>();
    SameTransaction counting =
        (handle, tail, charges) -> {
          transactions.add(charges.size());
          return SameTransaction.Completion.NONE;
        };
    Duration linger = Duration.ofMillis(80);
    try (Database db = LedgerDb.open(dir);
        PostgresLedger ledger =
            PostgresLedger.open(
                db,
                DailyCapPricer.rub(100, 1_000_000),
                new SandboxPaymentProvider(),
                LedgerSettings.defaults().withWriters(1, 64).withLinger(linger),
                counting)) {
      List<RiderId> riders = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        RiderId r = new RiderId("linger-" + i);
        ledger.openWallet(r, Currency.getInstance("RUB"), "adult");
        ledger.topUp(new TopUpRequest("t" + i, r, Money.of(10_000, "RUB"), "sandbox-approve"));
        riders.add(r);
      }
      long start = System.nanoTime();
      List<CompletableFuture<ChargeResult>> charges = new ArrayList<>();
      charges.add(ledger.submit(new ChargeRequest("c0", riders.get(0), new Entry("G1", AT))));
      Thread.sleep(10);
      for (int i = 1; i < 5; i++) {
        charges.add(ledger.submit(new ChargeRequest("c" + i, riders.get(i), new Entry("G1", AT))));
      }
      ChargeResult first = charges.getFirst().join();
      long firstMs = (System.nanoTime() - start) / 1_000_000;
      charges.forEach(c -> assertThat(c.join()).isInstanceOf(ChargeResult.Charged.class));

      assertThat(first).isInstanceOf(ChargeResult.Charged.class);
      assertThat(transactions).containsExactly(5);
      assertThat(firstMs).isGreaterThanOrEqualTo(linger.toMillis());
      assertThat(ledger.reconcile().ok()).isTrue();
    }
  }

  @Test
  void aLingerOutsideItsRangeIsRefused() {
    assertThatThrownBy(() -> LedgerSettings.defaults().withLinger(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linger must lie in [0, 100 ms]");
    assertThatThrownBy(() -> LedgerSettings.defaults().withLinger(Duration.ofMillis(101)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LedgerSettings.defaults().withLinger(LedgerSettings.MAX_LINGER).linger())
        .isEqualTo(Duration.ofMillis(100));
  }
}
