package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.Adjustment;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerException.Reason;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.NegativeBalancePolicy;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.ledger.TopUpResult;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PostgresLedgerTest {

  private static final Currency RUB = Currency.getInstance("RUB");
  private static final Instant DAY = Instant.parse("2026-03-02T08:00:00Z");
  private static final AtomicInteger RIDERS = new AtomicInteger();

  @TempDir static Path dir;
  static Database db;

  private final List<PostgresLedger> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    db = LedgerDb.open(dir);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @AfterEach
  void closeLedgers() {
    opened.forEach(PostgresLedger::close);
    assertThat(ledger(NegativeBalancePolicy.DENY).reconcile().mismatches()).isEmpty();
    opened.forEach(PostgresLedger::close);
  }

  private PostgresLedger ledger(NegativeBalancePolicy policy) {
    PostgresLedger l =
        PostgresLedger.open(
            db,
            DailyCapPricer.rub(6_200, 23_000),
            new SandboxPaymentProvider(),
            LedgerSettings.defaults().withNegativeBalance(policy));
    opened.add(l);
    return l;
  }

  private static RiderId newRider() {
    return new RiderId("r-" + RIDERS.incrementAndGet() + "-" + System.nanoTime());
  }

  private static RiderId funded(PostgresLedger l, long minor) {
    RiderId r = newRider();
    l.openWallet(r, RUB, "adult");
    if (minor > 0) {
      assertThat(l.topUp(new TopUpRequest("k-" + r, r, Money.of(minor, "RUB"), "sandbox-approve")))
          .isInstanceOf(TopUpResult.Credited.class);
    }
    return r;
  }

  private static ChargeRequest at(String id, RiderId r, String gate, int minutes) {
    return new ChargeRequest(id, r, new Entry(gate, DAY.plusSeconds(60L * minutes)));
  }

  private static long balance(PostgresLedger l, RiderId r) {
    return l.wallet(r).orElseThrow().balance().minor();
  }

  @Test
  void wallets_openOnceAndRefuseAnotherCurrencyOrProfile() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = newRider();
    assertThat(l.openWallet(r, RUB, "adult").balance()).isEqualTo(Money.of(0, "RUB"));
    assertThat(l.openWallet(r, RUB, "adult").balance()).isEqualTo(Money.of(0, "RUB"));
    assertThatThrownBy(() -> l.openWallet(r, Currency.getInstance("EUR"), "adult"))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("already has a wallet in RUB");
    assertThatThrownBy(() -> new RiderId("Ivan Ivanov")).hasMessageContaining("pseudonym");
    assertThat(l.wallet(newRider())).isEmpty();
  }

  @Test
  void topUps_creditOnceAndARepeatedKeyWithAnotherAmountWritesNothing() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = newRider();
    l.openWallet(r, RUB, "adult");
    TopUpRequest first = new TopUpRequest("t-" + r, r, Money.of(50_000, "RUB"), "sandbox-approve");
    TopUpResult.Credited credited = (TopUpResult.Credited) l.topUp(first);
    assertThat(credited.balanceAfter()).isEqualTo(Money.of(50_000, "RUB"));
    assertThat(credited.replayed()).isFalse();
    TopUpResult.Credited again = (TopUpResult.Credited) l.topUp(first);
    assertThat(again.replayed()).isTrue();
    assertThat(again.providerReference()).isEqualTo(credited.providerReference());
    long entries = LedgerDb.count(db, "SELECT count(*) FROM fares.journal_entry");

    assertThatThrownBy(
            () ->
                l.topUp(
                    new TopUpRequest(first.key(), r, Money.of(60_000, "RUB"), "sandbox-approve")))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.IDEMPOTENCY_CONFLICT))
        .hasMessageContaining("nothing written");
    assertThatThrownBy(
            () -> l.topUp(new TopUpRequest("t2-" + r, r, Money.of(100, "EUR"), "sandbox-approve")))
        .hasMessageContaining("wallet in RUB");
    assertThatThrownBy(
            () -> l.topUp(new TopUpRequest("t3-" + r, r, Money.of(-5, "RUB"), "sandbox-approve")))
        .hasMessageContaining("positive");
    assertThatThrownBy(
            () ->
                l.topUp(
                    new TopUpRequest("t4-" + r, newRider(), Money.of(5, "RUB"), "sandbox-approve")))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_RIDER));
    assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.journal_entry")).isEqualTo(entries);
    assertThat(balance(l, r)).isEqualTo(50_000);
  }

  @Test
  void topUps_declinesAreRecordedAndTimeoutsLeaveNothing() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = newRider();
    l.openWallet(r, RUB, "adult");
    TopUpRequest declined =
        new TopUpRequest("d-" + r, r, Money.of(1_000, "RUB"), SandboxPaymentProvider.DECLINE);
    assertThat(l.topUp(declined))
        .isEqualTo(new TopUpResult.Declined(declined.key(), "card declined", false));
    assertThat(l.topUp(declined))
        .isEqualTo(new TopUpResult.Declined(declined.key(), "card declined", true));
    TopUpRequest big =
        new TopUpRequest(
            "b-" + r,
            r,
            Money.of(SandboxPaymentProvider.LIMIT_MINOR + 1, "RUB"),
            "sandbox-approve");
    assertThat(((TopUpResult.Declined) l.topUp(big)).reason()).isEqualTo("over the sandbox limit");
    TopUpRequest slow =
        new TopUpRequest("s-" + r, r, Money.of(1_000, "RUB"), SandboxPaymentProvider.TIMEOUT);
    assertThat(l.topUp(slow)).isInstanceOf(TopUpResult.Pending.class);
    assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.top_up WHERE key = 's-" + r + "'"))
        .isZero();
    assertThat(balance(l, r)).isZero();
  }

  @Test
  void charges_areCappedAndARetryNeverChargesAgain() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = funded(l, 100_000);
    long charged = 0;
    for (int i = 0; i < 5; i++) {
      ChargeResult c = l.charge(at("c" + i + r, r, "G1", 10 * i));
      assertThat(c).isInstanceOf(ChargeResult.Charged.class);
      charged += c.quote().amount().minor();
    }
    assertThat(charged).isEqualTo(23_000);
    ChargeResult last = l.charge(at("c4" + r, r, "G1", 40));
    assertThat(last.replayed()).isTrue();
    assertThat(last.quote().explanation()).contains("capped: daily cap 230.00 RUB reached");
    assertThat(last.quote().amount().minor()).isZero();
    ChargeResult first = l.charge(at("c0" + r, r, "G1", 0));
    assertThat(first.replayed()).isTrue();
    assertThat(first.quote().amount().minor()).isEqualTo(6_200);
    assertThat(first.balanceAfter().minor()).isEqualTo(100_000 - 6_200);
    assertThat(balance(l, r)).isEqualTo(100_000 - 23_000);
    assertThat(
            LedgerDb.count(
                db,
                "SELECT count(*) FROM fares.charge c JOIN fares.wallet w ON w.id = c.wallet_id"
                    + " WHERE w.rider = '"
                    + r
                    + "'"))
        .isEqualTo(5);
  }

  @Test
  void charges_badInputIsAClearErrorAndWritesNothing() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = funded(l, 10_000);
    l.charge(at("ok-" + r, r, "G1", 0));
    long before = LedgerDb.count(db, "SELECT count(*) FROM fares.charge");
    assertThatThrownBy(() -> l.charge(at("ok-" + r, r, "G2", 0)))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.IDEMPOTENCY_CONFLICT));
    assertThatThrownBy(() -> l.charge(at("x-" + r, r, "G-unknown", 1)))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNPRICEABLE_ENTRY))
        .hasMessageContaining("unknown gate G-unknown");
    assertThatThrownBy(() -> l.charge(at("y-" + r, newRider(), "G1", 1)))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_RIDER));
    RiderId euro = newRider();
    l.openWallet(euro, Currency.getInstance("EUR"), "adult");
    assertThatThrownBy(() -> l.charge(at("z-" + euro, euro, "G1", 1)))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CURRENCY_MISMATCH));
    RiderId pensioner = newRider();
    l.openWallet(pensioner, RUB, "pensioner");
    assertThatThrownBy(() -> l.charge(at("p-" + pensioner, pensioner, "G1", 1)))
        .hasMessageContaining("unknown profile pensioner");
    assertThatThrownBy(() -> at(" ", r, "G1", 1)).hasMessageContaining("request id");
    assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.charge")).isEqualTo(before);
    assertThat(balance(l, r)).isEqualTo(10_000 - 6_200);
  }

  @Test
  void charges_oneBadChargeInABatchFailsAlone() {
    PostgresLedger l =
        PostgresLedger.open(
            db,
            DailyCapPricer.rub(6_200, 23_000),
            new SandboxPaymentProvider(),
            LedgerSettings.defaults().withWriters(1, 256));
    opened.add(l);
    List<RiderId> riders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      riders.add(funded(l, 10_000));
    }
    List<CompletableFuture<ChargeResult>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RiderId r = riders.get(i);
      futures.add(l.submit(at("b" + i + r, r, i % 5 == 0 ? "G-nowhere" : "G2", 5)));
    }
    for (int i = 0; i < 20; i++) {
      CompletableFuture<ChargeResult> f = futures.get(i);
      if (i % 5 == 0) {
        assertThat(f).failsWithin(java.time.Duration.ofSeconds(30));
        assertThat(balance(l, riders.get(i))).isEqualTo(10_000);
      } else {
        assertThat(f.join()).isInstanceOf(ChargeResult.Charged.class);
        assertThat(balance(l, riders.get(i))).isEqualTo(10_000 - 6_200);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(NegativeBalancePolicy.class)
  void charges_followTheNegativeBalancePolicy(NegativeBalancePolicy policy) {
    PostgresLedger l = ledger(policy);
    RiderId r = funded(l, 10_000);
    assertThat(l.charge(at("n1" + r, r, "G1", 0))).isInstanceOf(ChargeResult.Charged.class);
    ChargeResult second = l.charge(at("n2" + r, r, "G1", 1));
    ChargeResult third = l.charge(at("n3" + r, r, "G1", 2));
    if (policy == NegativeBalancePolicy.DENY) {
      assertThat(second).isInstanceOf(ChargeResult.Denied.class);
      assertThat(((ChargeResult.Denied) second).reason()).contains("below the fare");
      assertThat(balance(l, r)).isEqualTo(3_800);
    } else {
      assertThat(second).isInstanceOf(ChargeResult.Charged.class);
      assertThat(second.balanceAfter().minor()).isEqualTo(3_800 - 6_200);
      assertThat(((ChargeResult.Denied) third).reason()).contains("negative");
      assertThat(balance(l, r)).isEqualTo(-2_400);
      l.topUp(new TopUpRequest("more-" + r, r, Money.of(2_400, "RUB"), "sandbox-approve"));
      assertThat(l.charge(at("n4" + r, r, "G1", 3))).isInstanceOf(ChargeResult.Charged.class);
    }
    assertThat(third).isInstanceOf(ChargeResult.Denied.class);
    assertThat(l.charge(at("n3" + r, r, "G1", 2))).isEqualTo(replayedCopy(third));
  }

  private static ChargeResult replayedCopy(ChargeResult r) {
    ChargeResult.Denied d = (ChargeResult.Denied) r;
    return new ChargeResult.Denied(d.requestId(), d.quote(), d.balanceAfter(), d.reason(), true);
  }

  @Test
  void refundsAndReversals_areNewEntriesOncePerOriginal() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = funded(l, 10_000);
    l.charge(at("f1" + r, r, "G1", 0));
    Adjustment refund = l.refund("rf-" + r, "f1" + r, "dispute upheld");
    assertThat(refund.balanceAfter().minor()).isEqualTo(10_000);
    assertThat(l.refund("rf-" + r, "f1" + r, "dispute upheld").replayed()).isTrue();
    assertThatThrownBy(() -> l.refund("rf2-" + r, "f1" + r, "again"))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_ADJUSTED));
    assertThatThrownBy(() -> l.refund("rf3-" + r, "no-such-charge", "x"))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ORIGINAL));
    Adjustment chargeback = l.reverseTopUp("cb-" + r, "k-" + r, "card holder disputed");
    assertThat(chargeback.balanceAfter().minor()).isZero();
    assertThat(
            LedgerDb.count(
                db,
                "SELECT count(*) FROM fares.journal_entry WHERE reverses IS NOT NULL AND kind = 'refund' AND id = (SELECT entry_id FROM fares.adjustment WHERE key = 'rf-"
                    + r
                    + "')"))
        .isEqualTo(1);
  }

  @Test
  void theJournalIsAppendOnlyAndBalancedInTheDatabase() {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    funded(l, 1_000);
    assertThatThrownBy(
            () -> LedgerDb.execute(db, "UPDATE fares.journal_line SET amount = amount + 1"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> LedgerDb.execute(db, "DELETE FROM fares.journal_entry"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> LedgerDb.execute(db, "TRUNCATE fares.journal_line CASCADE"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> LedgerDb.execute(db, "DELETE FROM fares.charge"))
        .hasMessageContaining("append-only");
    long account =
        LedgerDb.count(db, "SELECT min(id) FROM fares.account WHERE kind = 'fare_revenue'");
    assertThatThrownBy(
            () ->
                LedgerDb.execute(
                    db,
                    "INSERT INTO fares.journal_entry (id, kind, currency, recorded_at) VALUES"
                        + " (-1, 'fare', 'RUB', now())",
                    "INSERT INTO fares.journal_line VALUES (-1, 0, " + account + ", 5)"))
        .hasMessageContaining("unbalanced");
    long old = LedgerDb.count(db, "SELECT min(id) FROM fares.journal_entry");
    assertThatThrownBy(
            () ->
                LedgerDb.execute(
                    db,
                    "INSERT INTO fares.journal_line VALUES (" + old + ", 7, " + account + ", 5)"))
        .hasMessageContaining("missing or was committed earlier");
    assertThatThrownBy(
            () ->
                LedgerDb.execute(
                    db, "INSERT INTO fares.journal_line VALUES (-99, 0, " + account + ", 5)"))
        .hasMessageContaining("missing or was committed earlier");
    assertThatThrownBy(
            () ->
                LedgerDb.execute(
                    db,
                    "INSERT INTO fares.journal_entry (id, kind, currency, recorded_at) VALUES"
                        + " (-2, 'fare', 'RUB', now())",
                    "INSERT INTO fares.journal_line VALUES (-2, 0, "
                        + account
                        + ", 5),"
                        + " (-2, 1, -12345, -5)"))
        .hasMessageContaining("1 not in an account of its currency");
    assertThatThrownBy(() -> LedgerDb.execute(db, "DELETE FROM fares.account"))
        .hasMessageContaining("append-only");
  }

  @Test
  void reconciliationFindsABalanceThatDisagreesWithItsLines() throws SQLException {
    PostgresLedger l = ledger(NegativeBalancePolicy.DENY);
    RiderId r = funded(l, 1_000);
    assertThat(l.reconcile().ok()).isTrue();
    String account = "(SELECT account_id FROM fares.wallet WHERE rider = '" + r + "')";
    LedgerDb.execute(
        db, "UPDATE fares.balance SET amount = amount + 1 WHERE account_id = " + account);
    assertThat(l.reconcile().mismatches())
        .anySatisfy(m -> assertThat(m).contains("balance 1001 but its lines sum to 1000"));
    LedgerDb.execute(
        db, "UPDATE fares.balance SET amount = amount - 1 WHERE account_id = " + account);
  }
}
