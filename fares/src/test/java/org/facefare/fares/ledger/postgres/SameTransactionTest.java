package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Currency;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a charge batch carries commits, or rolls back, with its charges (real PostgreSQL). */
class SameTransactionTest {

  private static final Currency RUB = Currency.getInstance("RUB");
  private static final Instant DAY = Instant.parse("2026-03-02T08:00:00Z");
  private static final AtomicInteger RIDERS = new AtomicInteger();

  @TempDir static Path dir;
  static Database db;

  private final AtomicInteger committed = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicBoolean throwing = new AtomicBoolean();
  private final AtomicBoolean duplicating = new AtomicBoolean();
  private PostgresLedger ledger;

  @BeforeAll
  static void start() throws SQLException {
    db = LedgerDb.open(dir);
    LedgerDb.execute(
        db,
        "CREATE TABLE public.carried (request_id text, outcome text, CONSTRAINT carried_once"
            + " UNIQUE (request_id) DEFERRABLE INITIALLY DEFERRED)");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void open() {
    SameTransaction carried =
        (handle, tail, charges) -> {
          if (throwing.get()) {
            throw new IllegalStateException("the log's disk is full");
          }
          for (SameTransaction.Charged c : charges) {
            int copies = duplicating.get() ? 2 : 1;
            for (int i = 0; i < copies; i++) {
              tail.add(
                  "INSERT INTO public.carried VALUES (?, ?)",
                  (ps, first) -> {
                    ps.setString(first, c.request().requestId());
                    ps.setString(first + 1, c.result().getClass().getSimpleName());
                    return first + 2;
                  },
                  e -> null);
            }
          }
          return new SameTransaction.Completion() {
            @Override
            public void committed() {
              committed.incrementAndGet();
            }

            @Override
            public void failed() {
              failed.incrementAndGet();
            }
          };
        };
    ledger =
        PostgresLedger.open(
            db,
            DailyCapPricer.rub(6_200, 23_000),
            new SandboxPaymentProvider(),
            LedgerSettings.defaults(),
            carried);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private RiderId funded(long minor) {
    RiderId r = new RiderId("st-" + RIDERS.incrementAndGet() + "-" + System.nanoTime());
    ledger.openWallet(r, RUB, "adult");
    if (minor > 0) {
      ledger.topUp(new TopUpRequest("k-" + r, r, Money.of(minor, "RUB"), "sandbox-approve"));
    }
    return r;
  }

  private static ChargeRequest at(String id, RiderId r, int minutes) {
    return new ChargeRequest(id, r, new Entry("G1", DAY.plusSeconds(60L * minutes)));
  }

  private static String carried(String requestId) {
    return LedgerDb.count(
                db, "SELECT count(*) FROM public.carried WHERE request_id = '" + requestId + "'")
            == 0
        ? "none"
        : "stored";
  }

  @Test
  void itSeesEachResultAndCommitsWithTheCharges() {
    RiderId rich = funded(10_000);
    RiderId poor = funded(0);
    assertThat(ledger.charge(at("paid", rich, 0))).isInstanceOf(ChargeResult.Charged.class);
    assertThat(ledger.charge(at("refused", poor, 0))).isInstanceOf(ChargeResult.Denied.class);
    assertThatThrownBy(() -> ledger.charge(at("nobody", new RiderId("st-nobody"), 0)))
        .isInstanceOf(LedgerException.class);
    assertThat(carried("paid")).isEqualTo("stored");
    assertThat(carried("refused")).isEqualTo("stored");
    assertThat(carried("nobody"))
        .as("a charge refused with an exception is left out")
        .isEqualTo("none");
    assertThat(LedgerDb.count(db, "SELECT count(*) FROM public.carried WHERE outcome = 'Charged'"))
        .isEqualTo(1);
    assertThat(committed.get()).isEqualTo(3);
    assertThat(failed.get()).isZero();
  }

  @Test
  void whenItThrowsNothingIsChargedAndARetryChargesOnce() {
    RiderId r = funded(10_000);
    throwing.set(true);
    assertThatThrownBy(() -> ledger.charge(at("t1", r, 0)))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("nothing was charged")
        .hasMessageContaining("the log's disk is full");
    assertThat(ledger.wallet(r).orElseThrow().balance().minor()).isEqualTo(10_000);
    assertThat(carried("t1")).isEqualTo("none");
    assertThat(committed.get() + failed.get()).as("nothing to tell").isZero();
    throwing.set(false);
    ChargeResult retried = ledger.charge(at("t1", r, 0));
    assertThat(retried.replayed()).isFalse();
    assertThat(ledger.wallet(r).orElseThrow().balance().minor()).isLessThan(10_000);
    assertThat(committed.get()).isEqualTo(1);
  }

  @Test
  void whenTheCommitFailsItIsToldAndNeitherItsRowsNorTheChargesAreStored() {
    RiderId r = funded(10_000);
    duplicating.set(true);
    assertThatThrownBy(() -> ledger.charge(at("d1", r, 0)))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("nothing was charged");
    assertThat(failed.get()).isEqualTo(1);
    assertThat(committed.get()).isZero();
    assertThat(carried("d1")).isEqualTo("none");
    assertThat(ledger.wallet(r).orElseThrow().balance().minor()).isEqualTo(10_000);
    assertThat(ledger.reconcile().mismatches()).isEmpty();
  }
}
