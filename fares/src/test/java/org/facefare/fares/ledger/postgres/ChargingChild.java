package org.facefare.fares.ledger.postgres;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;

/**
 * A process that charges a rider and is killed with {@code kill -9}: it prints {@code acked ID
 * AMOUNT} after each committed charge, then stops for good inside the transaction of a charge at
 * gate {@code G-slow} (after printing {@code in-transaction}), or keeps charging until killed.
 */
public final class ChargingChild {

  static final Instant AT = Instant.parse("2026-03-04T07:00:00Z");
  static final RiderId RIDER = new RiderId("killed-rider");

  private ChargingChild() {}

  /** Arguments: the data directory, and {@code stuck} or {@code stream}. */
  public static void main(String[] args) throws Exception {
    DailyCapPricer plain =
        new DailyCapPricer(
            Money.of(100, "RUB"), Money.of(1_000_000_000, "RUB"), Set.of("G1", "G-slow"));
    FarePricer pricer =
        new FarePricer() {
          @Override
          public Instant historyFrom(Instant at) {
            return plain.historyFrom(at);
          }

          @Override
          public FareQuote quote(String profile, List<PastTrip> history, Entry entry) {
            if (entry.gateId().equals("G-slow")) {
              System.out.println("in-transaction");
              System.out.flush();
              try {
                Thread.sleep(600_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return plain.quote(profile, history, entry);
          }
        };
    Database db = Database.open(DatabaseSettings.Embedded.at(Path.of(args[0])));
    PostgresLedger ledger =
        PostgresLedger.open(db, pricer, new SandboxPaymentProvider(), LedgerSettings.defaults());
    ledger.openWallet(RIDER, Currency.getInstance("RUB"), "adult");
    ledger.topUp(
        new TopUpRequest("child-top-up", RIDER, Money.of(900_000, "RUB"), "sandbox-approve"));
    boolean stuck = args[1].equals("stuck");
    for (int i = 0; stuck ? i < 3 : i < 100_000; i++) {
      ChargeResult r = ledger.charge(request("c" + i, "G1", i));
      System.out.println("acked c" + i + " " + r.quote().amount().minor());
    }
    ledger.charge(request("c-mid", "G-slow", 5_000));
  }

  static ChargeRequest request(String id, String gate, int i) {
    return new ChargeRequest(id, RIDER, new Entry(gate, AT.plusMillis(i)));
  }
}
