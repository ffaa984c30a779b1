package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.StatementItem.AdjustmentKind;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.network.Network;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rider's statement on real PostgreSQL with the production migrations. */
class RiderStatementTest {

  private static final Currency RUB = Currency.getInstance("RUB");
  private static final Instant DAY = Instant.parse("2026-03-02T08:00:00Z");

  @TempDir static Path dir;
  static Database db;
  static PostgresLedger ledger;
  static final AtomicReference<Instant> NOW = new AtomicReference<>(DAY);
  static final RiderId ANNA = new RiderId("anna-1");
  static final RiderId BORIS = new RiderId("boris-2");

  @BeforeAll
  static void start() {
    db = LedgerDb.open(dir);
    InstantSource clock = NOW::get;
    ledger =
        PostgresLedger.open(
            db,
            DailyCapPricer.rub(6_200, 23_000),
            new SandboxPaymentProvider(),
            LedgerSettings.defaults().withClock(clock));
    for (RiderId r : List.of(ANNA, BORIS)) {
      ledger.openWallet(r, RUB, "adult");
    }
    // Anna: a credited and a declined top-up, four trips (the last two over her balance), a refund
    // of her first trip; a top-up and its reversal. Boris rides at the same gates at the same
    // times: none of his items may show in Anna's statement.
    at(0);
    ledger.topUp(new TopUpRequest("anna-top-1", ANNA, Money.of(15_000, "RUB"), "sandbox-approve"));
    ledger.topUp(
        new TopUpRequest("boris-top-1", BORIS, Money.of(90_000, "RUB"), "sandbox-approve"));
    at(1);
    ledger.topUp(new TopUpRequest("anna-top-2", ANNA, Money.of(5_000, "RUB"), "sandbox-decline"));
    for (int i = 0; i < 4; i++) {
      for (RiderId r : List.of(ANNA, BORIS)) {
        ledger.charge(
            new ChargeRequest(
                r.value() + "-trip-" + i,
                r,
                new Entry("G" + (i % 3 + 1), DAY.plusSeconds(600 + i))));
      }
    }
    at(20);
    ledger.refund("anna-refund-1", "anna-1-trip-0", "gate fault");
    at(30);
    ledger.topUp(new TopUpRequest("anna-top-3", ANNA, Money.of(1_000, "RUB"), "sandbox-approve"));
    at(31);
    ledger.reverseTopUp("anna-reversal-1", "anna-top-3", "chargeback");
    ledger.refund("boris-refund-1", "boris-2-trip-0", "gate fault");
  }

  private static void at(int minutes) {
    NOW.set(DAY.plusSeconds(60L * minutes));
  }

  @AfterAll
  static void stop() {
    ledger.close();
    db.close();
  }

  private static List<StatementItem> all(RiderId r) {
    return ledger
        .statement(
            r,
            Instant.EPOCH,
            DAY.plusSeconds(86_400),
            org.facefare.fares.ledger.Ledger.MAX_STATEMENT_PAGE)
        .items();
  }

  @Test
  void statement_holdsEveryItemOfTheRiderNewestFirstWithFaresRulesAndBalances() {
    RiderStatement s = ledger.statement(ANNA, Instant.EPOCH, DAY.plusSeconds(86_400), 100);
    assertThat(s.next()).isEmpty();
    assertThat(s.balance()).isEqualTo(Money.of(15_000 - 2 * 6_200 + 6_200, "RUB"));
    assertThat(s.items())
        .extracting(i -> i.cursor().item())
        .containsExactly(
            "a:anna-reversal-1",
            "t:anna-top-3",
            "a:anna-refund-1",
            "c:anna-1-trip-3",
            "c:anna-1-trip-2",
            "c:anna-1-trip-1",
            "c:anna-1-trip-0",
            "t:anna-top-2",
            "t:anna-top-1");
    var denied = (StatementItem.Trip) s.items().get(3);
    assertThat(denied.charged()).isFalse();
    assertThat(denied.denial()).hasValueSatisfying(d -> assertThat(d).contains("below the fare"));
    assertThat(denied.amount()).isEqualTo(Money.of(0, "RUB"));
    var trip = (StatementItem.Trip) s.items().get(6);
    assertThat(trip.gateId()).isEqualTo("G1");
    assertThat(trip.at()).isEqualTo(DAY.plusSeconds(600));
    assertThat(trip.amount()).isEqualTo(Money.of(6_200, "RUB"));
    assertThat(trip.balanceAfter()).isEqualTo(Money.of(15_000 - 6_200, "RUB"));
    assertThat(trip.quote().policyVersion()).isNotBlank();
    assertThat(trip.explanation()).isNotEmpty();
    assertThat(trip.station(Network.small())).isEmpty(); // the test pricer's gates are not in it
    var refund = (StatementItem.Adjusted) s.items().get(2);
    assertThat(refund.kind()).isEqualTo(AdjustmentKind.REFUND);
    assertThat(refund.original()).contains("anna-1-trip-0");
    assertThat(refund.amount()).isEqualTo(Money.of(6_200, "RUB"));
    assertThat(refund.reason()).isEqualTo("gate fault");
    var reversal = (StatementItem.Adjusted) s.items().get(0);
    assertThat(reversal.kind()).isEqualTo(AdjustmentKind.TOP_UP_REVERSAL);
    assertThat(reversal.original()).contains("anna-top-3");
    assertThat(reversal.balanceAfter()).isEqualTo(s.balance());
    var declined = (StatementItem.TopUp) s.items().get(7);
    assertThat(declined.credited()).isFalse();
    assertThat(declined.declineReason()).contains("card declined");
    var credited = (StatementItem.TopUp) s.items().get(8);
    assertThat(credited.balanceAfter()).contains(Money.of(15_000, "RUB"));
  }

  @Test
  void statement_neverHoldsAnotherRidersItems() {
    assertThat(all(ANNA))
        .allSatisfy(i -> assertThat(i.cursor().item()).doesNotContain("boris"))
        .hasSize(9);
    assertThat(all(BORIS))
        .extracting(i -> i.cursor().item())
        .allSatisfy(k -> assertThat(k).contains("boris"))
        .hasSize(6);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 8})
  void pages_joinIntoTheWholeStatementWithoutGapsOrRepeats(int limit) {
    List<StatementItem> joined = new ArrayList<>();
    Instant to = DAY.plusSeconds(86_400);
    RiderStatement page = ledger.statement(ANNA, Instant.EPOCH, to, limit);
    joined.addAll(page.items());
    while (page.next().isPresent()) {
      StatementCursor next = StatementCursor.parse(page.next().get().token());
      page = ledger.statement(ANNA, Instant.EPOCH, next, limit);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit).isNotEmpty();
      joined.addAll(page.items());
    }
    assertThat(joined).containsExactlyElementsOf(all(ANNA));
  }

  @Test
  void range_isHalfOpenOnTheItemsTimes() {
    Instant trip1 = DAY.plusSeconds(601);
    assertThat(ledger.statement(ANNA, trip1, trip1.plusSeconds(2), 10).items())
        .extracting(i -> i.cursor().item())
        .containsExactly("c:anna-1-trip-2", "c:anna-1-trip-1");
    assertThat(ledger.statement(ANNA, DAY, DAY, 10).items()).isEmpty();
  }

  @Test
  void badArgumentsGetClearErrors() {
    assertThatThrownBy(() -> ledger.statement(new RiderId("nobody"), DAY, DAY, 10))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("no wallet for rider nobody");
    assertThatThrownBy(() -> ledger.statement(ANNA, DAY, DAY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-500");
    assertThatThrownBy(() -> ledger.statement(ANNA, DAY, DAY, 501))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatementCursor.parse("not a token!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a statement page token");
    StatementCursor c = new StatementCursor(DAY.plusNanos(1_234_567), "c:x.y");
    assertThat(StatementCursor.parse(c.token())).isEqualTo(c);
  }
}
