package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.engine.FareEngine;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger with FaceFare's own fare engine (small network, sample policy): the history it hands
 * the engine gives free transfers and the daily cap, across separate charge transactions.
 */
class FareEngineLedgerTest {

  @TempDir Path dir;

  private static Instant moscow(String local) {
    return LocalDateTime.parse(local).atZone(ZoneId.of("Europe/Moscow")).toInstant();
  }

  @Test
  void transfersAreFreeAndTheDailyCapHoldsAcrossCharges() {
    try (Database db = LedgerDb.open(dir);
        PostgresLedger ledger =
            PostgresLedger.open(
                db,
                new FareEngine(Network.small(), FarePolicy.sampleMetro()),
                new SandboxPaymentProvider(),
                LedgerSettings.defaults())) {
      RiderId rider = new RiderId("engine-rider");
      ledger.openWallet(rider, Currency.getInstance("RUB"), "adult");
      ledger.topUp(new TopUpRequest("t", rider, Money.of(100_000, "RUB"), "sandbox-approve"));
      List<Long> charged = new ArrayList<>();
      String[][] trips = {
        {"2026-03-03T11:00", "G-RN-1"},
        {"2026-03-03T11:30", "G-B1-M"},
        {"2026-03-03T13:00", "G-BC-1"},
        {"2026-03-03T15:00", "G-RN-1"},
        {"2026-03-03T21:00", "G-BC-1"},
        {"2026-03-03T22:00", "G-RN-1"},
      };
      for (int i = 0; i < trips.length; i++) {
        ChargeRequest r =
            new ChargeRequest("e" + i, rider, new Entry(trips[i][1], moscow(trips[i][0])));
        ChargeResult result = ledger.charge(r);
        assertThat(result).isInstanceOf(ChargeResult.Charged.class);
        assertThat(ledger.charge(r).replayed()).isTrue();
        charged.add(result.quote().amount().minor());
      }
      assertThat(charged).containsExactly(6_200L, 0L, 6_200L, 6_200L, 4_400L, 0L);
      assertThat(ledger.wallet(rider).orElseThrow().balance()).isEqualTo(Money.of(77_000, "RUB"));
      assertThat(ledger.reconcile().ok()).isTrue();
    }
  }
}
