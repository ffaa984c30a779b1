package org.facefare.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.ledger.postgres.PostgresLedger;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;

/**
 * The client process of {@code bench ledger-crash}: it starts the embedded server over the data
 * folder, charges requests {@code from}, {@code from + 1}, … with many in flight, and prints {@code
 * s I} when it sends request I and {@code a I AMOUNT BALANCE REPLAYED} when its answer came back;
 * it exits with status 3 when the server is gone, and 0 after request {@code to - 1}.
 *
 * <p>Request I always means the same charge: rider {@code I mod riders}, gate {@code I mod gates},
 * at half an hour per round of riders after {@link LedgerBench#NOW}.
 */
public final class LedgerCrashChild {

  private LedgerCrashChild() {}

  /** Arguments: data folder, riders, from, to (exclusive; 0 for no end), requests in flight. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int riders = Integer.parseInt(args[1]);
    long from = Long.parseLong(args[2]);
    long to = Long.parseLong(args[3]);
    int inFlight = Integer.parseInt(args[4]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    LedgerPricing pricing = LedgerPricing.sampleMetro();
    Database db = Database.open(new DatabaseSettings.Embedded(dir, 0, 12));
    PostgresLedger ledger =
        PostgresLedger.open(
            db, pricing.pricer(), new SandboxPaymentProvider(), LedgerSettings.defaults());
    Currency currency = pricing.currency();
    for (int r = 0; r < riders; r++) {
      RiderId rider = rider(r);
      ledger.openWallet(rider, currency, "adult");
      ledger.topUp(
          new TopUpRequest(
              "crash-top-up-" + r, rider, new Money(1_000_000, currency), "sandbox-approve"));
    }
    out.println("ready");
    out.flush();
    Semaphore slots = new Semaphore(inFlight);
    for (long i = from; to == 0 || i < to; i++) {
      slots.acquire();
      long id = i;
      synchronized (out) {
        out.println("s " + id);
        out.flush();
      }
      ledger
          .submit(request(pricing, riders, id))
          .whenComplete(
              (r, e) -> {
                slots.release();
                synchronized (out) {
                  if (r != null) {
                    out.println(
                        "a "
                            + id
                            + " "
                            + r.quote().amount().minor()
                            + " "
                            + r.balanceAfter().minor()
                            + " "
                            + (r.replayed() ? 1 : 0)
                            + " "
                            + (r instanceof ChargeResult.Charged ? "charged" : "denied"));
                  } else {
                    out.println("e " + id + " " + cause(e).getMessage());
                  }
                  out.flush();
                }
                if (e != null
                    && cause(e) instanceof LedgerException l
                    && l.reason() == LedgerException.Reason.STORAGE) {
                  Runtime.getRuntime().halt(3);
                }
              });
    }
    slots.acquire(inFlight);
    out.println("done");
    out.flush();
    ledger.close();
    db.close();
  }

  private static Throwable cause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  static RiderId rider(int r) {
    return new RiderId("crash-" + r);
  }

  static ChargeRequest request(LedgerPricing pricing, int riders, long i) {
    Instant at =
        LedgerBench.NOW
            .plus(Duration.ofMinutes(30).multipliedBy(i / riders))
            .plusMillis(i % riders);
    String gate = pricing.gates().get((int) (i % pricing.gates().size()));
    return new ChargeRequest("q-" + i, rider((int) (i % riders)), new Entry(gate, at));
  }
}
