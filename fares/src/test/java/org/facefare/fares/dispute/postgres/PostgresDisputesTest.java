package org.facefare.fares.dispute.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.dispute.DisputeException;
import org.facefare.fares.dispute.DisputeException.Reason;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.ledger.postgres.PostgresLedger;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Disputes on a real embedded PostgreSQL migrated with the production migrations. */
class PostgresDisputesTest {

  private static final Currency RUB = Currency.getInstance("RUB");
  private static final long FARE = 6_200;
  private static final Instant DAY = Instant.parse("2026-03-02T08:00:00Z");
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** A flat fare at gate G1; gate G-free costs nothing (as a capped trip does). */
  private static final FarePricer PRICER =
      new FarePricer() {
        @Override
        public Instant historyFrom(Instant at) {
          return at;
        }

        @Override
        public FareQuote quote(String profile, List<PastTrip> history, Entry entry) {
          long amount =
              switch (entry.gateId()) {
                case "G1" -> FARE;
                case "G-free" -> 0;
                default -> throw new IllegalArgumentException("unknown gate " + entry.gateId());
              };
          return new FareQuote(Money.of(amount, "RUB"), "test-1", List.of("flat fare"));
        }
      };

  @TempDir static Path dir;
  static Database db;
  static PostgresLedger ledger;

  private final AtomicReference<Instant> now = new AtomicReference<>(DAY.plusSeconds(3_600));
  private final InstantSource clock = now::get;
  private PostgresDisputes disputes;

  @BeforeAll
  static void start() {
    db = Database.open(new DatabaseSettings.Embedded(dir, 0, 24));
    ledger =
        PostgresLedger.open(db, PRICER, new SandboxPaymentProvider(), LedgerSettings.defaults());
  }

  @AfterAll
  static void stop() {
    ledger.close();
    db.close();
  }

  @AfterEach
  void reconciles() {
    assertThat(ledger.reconcile().mismatches()).isEmpty();
  }

  private PostgresDisputes disputes() {
    if (disputes == null) {
      disputes = PostgresDisputes.open(db, ledger, clock);
    }
    return disputes;
  }

  private static RiderId rider(long topUp) {
    RiderId r = new RiderId("d-" + SEQ.incrementAndGet() + "-" + System.nanoTime());
    ledger.openWallet(r, RUB, "adult");
    if (topUp > 0) {
      ledger.topUp(new TopUpRequest("t-" + r, r, Money.of(topUp, "RUB"), "sandbox-approve"));
    }
    return r;
  }

  private static String ride(RiderId r, String gate) {
    return charge(r, gate).requestId();
  }

  private static ChargeResult charge(RiderId r, String gate) {
    int n = SEQ.incrementAndGet();
    return ledger.charge(new ChargeRequest("req-" + n, r, new Entry(gate, DAY.plusSeconds(n))));
  }

  private static long balance(RiderId r) {
    return ledger.wallet(r).orElseThrow().balance().minor();
  }

  private static long count(String sql) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Test
  void anApprovedDisputeRefundsTheFareOnceAndTheRiderSeesIt() {
    RiderId r = rider(50_000);
    String trip = ride(r, "G1");
    assertThat(balance(r)).isEqualTo(50_000 - FARE);

    Dispute opened = disputes().open(r, trip, "I was charged twice at the same gate");
    assertThat(opened.state()).isEqualTo(Dispute.State.OPEN);
    assertThat(opened.trip().requestId()).isEqualTo(trip);
    assertThat(opened.trip().gateId()).isEqualTo("G1");
    assertThat(opened.trip().fare()).isEqualTo(Money.of(FARE, "RUB"));
    assertThat(opened.openedAt()).isEqualTo(now.get());
    assertThat(disputes().queue(1_000)).extracting(Dispute::id).contains(opened.id());

    now.set(now.get().plus(Duration.ofHours(2)));
    Dispute approved = disputes().approve(opened.id(), "operator-1");
    assertThat(approved.state()).isEqualTo(Dispute.State.APPROVED);
    Dispute.Decision decision = approved.decision().orElseThrow();
    assertThat(decision.at()).isEqualTo(now.get());
    assertThat(decision.by()).isEqualTo("operator-1");
    assertThat(decision.refunded()).contains(Money.of(FARE, "RUB"));
    assertThat(decision.reason()).isEmpty();
    assertThat(balance(r)).isEqualTo(50_000);

    assertThat(disputes().approve(opened.id(), "operator-2")).isEqualTo(approved);
    assertThat(balance(r)).isEqualTo(50_000);
    assertThat(disputes().ofRider(r)).containsExactly(approved);
    assertThat(disputes().queue(1_000)).extracting(Dispute::id).doesNotContain(opened.id());
    assertThatThrownBy(() -> disputes().reject(opened.id(), "operator-1", "too late"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_DECIDED));
    assertThatThrownBy(() -> disputes().open(r, trip, "again"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_REFUNDED));
  }

  @Test
  void aRejectedDisputeSaysWhyRefundsNothingAndTheRiderMayOpenAnother() {
    RiderId r = rider(50_000);
    String trip = ride(r, "G1");
    Dispute opened = disputes().open(r, trip, "wrong gate");
    assertThatThrownBy(() -> disputes().open(r, trip, "wrong gate, again"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_OPEN));

    Dispute rejected = disputes().reject(opened.id(), "operator-1", "the gate log shows a passage");
    assertThat(rejected.state()).isEqualTo(Dispute.State.REJECTED);
    assertThat(rejected.decision().orElseThrow().reason()).contains("the gate log shows a passage");
    assertThat(rejected.decision().orElseThrow().refunded()).isEmpty();
    assertThat(disputes().reject(opened.id(), "operator-2", "other words")).isEqualTo(rejected);
    assertThat(balance(r)).isEqualTo(50_000 - FARE);
    assertThatThrownBy(() -> disputes().approve(opened.id(), "operator-1"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_DECIDED));
    assertThat(balance(r)).isEqualTo(50_000 - FARE);

    now.set(now.get().plusSeconds(60));
    Dispute second = disputes().open(r, trip, "here is my ticket photo number");
    assertThat(disputes().ofRider(r))
        .extracting(Dispute::id)
        .containsExactly(second.id(), opened.id());
  }

  @Test
  void onlyTheRidersOwnChargedNonFreeTripsCanBeDisputed() {
    RiderId r = rider(50_000);
    RiderId other = rider(50_000);
    String othersTrip = ride(other, "G1");
    String free = ride(r, "G-free");
    RiderId poor = rider(0);
    ChargeResult refused = charge(poor, "G1");
    assertThat(refused).isInstanceOf(ChargeResult.Denied.class);
    String denied = refused.requestId();
    long before = count("SELECT count(*) FROM fares.dispute");

    assertThatThrownBy(() -> disputes().open(r, othersTrip, "not mine"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TRIP));
    assertThatThrownBy(() -> disputes().open(r, "no-such-request", "what"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TRIP));
    assertThatThrownBy(() -> disputes().open(poor, denied, "I was not let in"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TRIP));
    assertThatThrownBy(() -> disputes().open(r, free, "free?"))
        .isInstanceOfSatisfying(
            DisputeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NOTHING_TO_REFUND));
    assertThatThrownBy(() -> disputes().approve(987_654_321L, "operator-1"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_DISPUTE));
    assertThat(disputes().find(987_654_321L)).isEmpty();
    assertThat(count("SELECT count(*) FROM fares.dispute")).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 501, 2_000})
  void reasonsAreOneToFiveHundredCharactersAndABadOneWritesNothing(int length) {
    RiderId r = rider(50_000);
    String trip = ride(r, "G1");
    String reason = length == 1 ? " " : "x".repeat(length);
    long before = count("SELECT count(*) FROM fares.dispute");
    assertThatThrownBy(() -> disputes().open(r, trip, reason))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-500 characters");
    Dispute d = disputes().open(r, trip, "y".repeat(500));
    assertThatThrownBy(() -> disputes().reject(d.id(), "operator-1", reason))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-500 characters");
    assertThat(disputes().find(d.id()).orElseThrow().state()).isEqualTo(Dispute.State.OPEN);
    assertThat(count("SELECT count(*) FROM fares.dispute")).isEqualTo(before + 1);
  }

  @Test
  void aFareRefundedByOtherMeansCannotBeApprovedAgain() {
    RiderId r = rider(50_000);
    String trip = ride(r, "G1");
    Dispute d = disputes().open(r, trip, "double charge");
    ledger.refund("goodwill-" + trip, trip, "goodwill refund by the help desk");
    assertThatThrownBy(() -> disputes().approve(d.id(), "operator-1"))
        .isInstanceOfSatisfying(
            DisputeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_REFUNDED));
    assertThat(disputes().find(d.id()).orElseThrow().state()).isEqualTo(Dispute.State.OPEN);
    assertThat(balance(r)).isEqualTo(50_000);
  }

  @Test
  void concurrentApprovalsOfOneDisputeRefundOnce() throws Exception {
    RiderId r = rider(50_000);
    String trip = ride(r, "G1");
    Dispute d = disputes().open(r, trip, "charged but the gate did not open");
    PostgresDisputes secondServer = PostgresDisputes.open(db, ledger, clock);
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Dispute>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        PostgresDisputes server = i % 2 == 0 ? disputes() : secondServer;
        String staff = "operator-" + i;
        Callable<Dispute> approve =
            () -> {
              go.await();
              return server.approve(d.id(), staff);
            };
        answers.add(pool.submit(approve));
      }
      go.countDown();
      List<Dispute> results = new ArrayList<>();
      for (Future<Dispute> f : answers) {
        results.add(f.get());
      }
      assertThat(results).allSatisfy(a -> assertThat(a).isEqualTo(results.get(0)));
      assertThat(results.get(0).state()).isEqualTo(Dispute.State.APPROVED);
    } finally {
      pool.shutdownNow();
    }
    assertThat(balance(r)).isEqualTo(50_000);
    assertThat(
            count(
                "SELECT count(*) FROM fares.adjustment a JOIN fares.charge c"
                    + " ON c.entry_id = a.original WHERE c.request_id = '"
                    + trip
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void concurrentOpeningsOfOneTripOpenOneDispute() throws Exception {
    RiderId r = rider(50_000);
    String trip = ride(r, "G1");
    int threads = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Optional<Dispute>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        String reason = "attempt " + i;
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return Optional.of(disputes().open(r, trip, reason));
                  } catch (DisputeException e) {
                    assertThat(e.reason()).isEqualTo(Reason.ALREADY_OPEN);
                    return Optional.<Dispute>empty();
                  }
                }));
      }
      go.countDown();
      long opened = 0;
      for (Future<Optional<Dispute>> f : answers) {
        opened += f.get().isPresent() ? 1 : 0;
      }
      assertThat(opened).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(disputes().ofRider(r)).hasSize(1);
  }

  @Test
  void theDatabaseRefusesToRewriteOrDeleteADecidedDispute() {
    RiderId r = rider(50_000);
    Dispute d = disputes().open(r, ride(r, "G1"), "please check");
    disputes().reject(d.id(), "operator-1", "no fault found");
    for (String sql :
        List.of(
            "UPDATE fares.dispute SET state = 'open', decided_at = NULL, decided_by = NULL,"
                + " decision_reason = NULL WHERE id = "
                + d.id(),
            "UPDATE fares.dispute SET reason = 'edited' WHERE id = " + d.id(),
            "DELETE FROM fares.dispute WHERE id = " + d.id(),
            "TRUNCATE fares.dispute")) {
      assertThatThrownBy(
              () -> {
                try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                  s.execute(sql);
                }
              })
          .isInstanceOf(SQLException.class);
    }
    assertThat(disputes().find(d.id()).orElseThrow().state()).isEqualTo(Dispute.State.REJECTED);
  }

  @Test
  void retentionKeepsTheChargeOfAnOpenDisputeAndADecidedDisputeKeepsItsTrip() {
    Instant early = DAY.minus(Duration.ofDays(30));
    RiderId r = rider(50_000);
    String open = "old-open-" + SEQ.incrementAndGet();
    String decided = "old-decided-" + SEQ.incrementAndGet();
    ledger.charge(new ChargeRequest(open, r, new Entry("G1", early)));
    ledger.charge(new ChargeRequest(decided, r, new Entry("G1", early.plusSeconds(60))));
    Dispute stillOpen = disputes().open(r, open, "charged twice a month ago");
    Dispute rejected =
        disputes()
            .reject(
                disputes().open(r, decided, "wrong fare").id(), "operator-1", "the fare was right");

    long forgotten = ledger.forgetTripsBefore(early.plusSeconds(3_600), gate -> "station-" + gate);
    assertThat(forgotten).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM fares.charge WHERE request_id = '" + open + "'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM fares.charge WHERE request_id = '" + decided + "'"))
        .isZero();
    assertThat(disputes().find(rejected.id()).orElseThrow()).isEqualTo(rejected);
    assertThat(disputes().find(rejected.id()).orElseThrow().trip().at())
        .isEqualTo(early.plusSeconds(60));

    Dispute approved = disputes().approve(stillOpen.id(), "operator-1");
    assertThat(approved.decision().orElseThrow().refunded()).contains(Money.of(FARE, "RUB"));
    assertThat(ledger.forgetTripsBefore(early.plusSeconds(3_600), gate -> "station-" + gate))
        .isEqualTo(1);
    assertThat(disputes().find(stillOpen.id()).orElseThrow()).isEqualTo(approved);
  }

  @Test
  void retentionDeletesADecidedDisputeOnceItsDecisionIsOlderThanTheCutoffAndTheRefundStays() {
    Instant early = DAY.minus(Duration.ofDays(60));
    RiderId r = rider(50_000);
    String[] trips = new String[3];
    for (int i = 0; i < trips.length; i++) {
      trips[i] = "old-" + i + "-" + SEQ.incrementAndGet();
      ledger.charge(new ChargeRequest(trips[i], r, new Entry("G1", early.plusSeconds(60L * i))));
    }
    now.set(early.plusSeconds(600));
    Dispute approved =
        disputes().approve(disputes().open(r, trips[0], "charged twice").id(), "operator-1");
    Dispute rejected =
        disputes()
            .reject(
                disputes().open(r, trips[1], "wrong fare").id(),
                "operator-1",
                "the fare was right");
    Dispute stillOpen = disputes().open(r, trips[2], "please check");
    long balance = balance(r);

    long forgotten = ledger.forgetTripsBefore(early.plusSeconds(3_600), gate -> "station-" + gate);

    assertThat(forgotten).isEqualTo(2);
    assertThat(disputes().find(approved.id())).isEmpty();
    assertThat(disputes().find(rejected.id())).isEmpty();
    assertThat(disputes().find(stillOpen.id())).contains(stillOpen);
    assertThat(disputes().ofRider(r)).containsExactly(stillOpen);
    assertThat(
            count(
                "SELECT count(*) FROM fares.dispute WHERE wallet_id IN (SELECT id FROM"
                    + " fares.wallet WHERE rider = '"
                    + r.value()
                    + "')"))
        .isEqualTo(1);
    assertThat(balance(r)).isEqualTo(balance);
    assertThat(
            ledger
                .statement(r, early.minusSeconds(1), Instant.now().plusSeconds(3_600), 100)
                .items())
        .filteredOn(StatementItem.Adjusted.class::isInstance)
        .map(StatementItem.Adjusted.class::cast)
        .singleElement()
        .satisfies(
            refund -> {
              assertThat(refund.kind()).isEqualTo(StatementItem.AdjustmentKind.REFUND);
              assertThat(refund.amount()).isEqualTo(Money.of(FARE, "RUB"));
              assertThat(refund.original()).isEmpty();
            });
  }
}
