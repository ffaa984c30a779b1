package org.facefare.fares.ledger.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A charging process killed with {@code kill -9} inside a charge transaction (holding the rider's
 * lock) or at a random point of a stream of charges: every acknowledged charge is kept, and the
 * retry of every request charges it at most once.
 */
class KilledChargeTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"stuck", "stream"})
  void retriesAfterAKilledProcessNeverChargeTwiceOrLoseAnAcknowledgedCharge(String mode)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(
                java, "-cp", classpath, ChargingChild.class.getName(), dir.toString(), mode)
            .redirectErrorStream(true)
            .start();
    Map<String, Long> acked = new HashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      StringBuilder log = new StringBuilder();
      while ((line = out.readLine()) != null) {
        log.append(line).append('\n');
        if (line.startsWith("acked ")) {
          String[] p = line.split(" ");
          acked.put(p[1], Long.parseLong(p[2]));
        }
        if (line.equals("in-transaction") || (mode.equals("stream") && acked.size() >= 40)) {
          break;
        }
      }
      assertThat(acked).as("child output: %s", log).isNotEmpty();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    DailyCapPricer pricer =
        new DailyCapPricer(
            Money.of(100, "RUB"), Money.of(1_000_000_000, "RUB"), Set.of("G1", "G-slow"));
    try (Database db = LedgerDb.open(dir);
        PostgresLedger ledger =
            PostgresLedger.open(
                db, pricer, new SandboxPaymentProvider(), LedgerSettings.defaults())) {
      int sent = acked.size() + 20;
      long fresh = 0;
      for (int i = 0; i < sent; i++) {
        String id = "c" + i;
        ChargeResult r = ledger.charge(ChargingChild.request(id, "G1", i));
        if (acked.containsKey(id)) {
          assertThat(r.replayed()).as("acknowledged %s", id).isTrue();
          assertThat(r.quote().amount().minor()).isEqualTo(acked.get(id));
        } else if (!r.replayed()) {
          fresh++;
        }
        assertThat(ledger.charge(ChargingChild.request(id, "G1", i)).replayed()).isTrue();
      }
      if (mode.equals("stuck")) {
        assertThat(fresh).isEqualTo(20);
        ChargeResult mid = ledger.charge(ChargingChild.request("c-mid", "G-slow", 5_000));
        assertThat(mid.replayed()).as("the killed transaction left nothing").isFalse();
        sent++;
      }
      assertThat(LedgerDb.count(db, "SELECT count(*) FROM fares.charge")).isEqualTo(sent);
      assertThat(ledger.wallet(ChargingChild.RIDER).orElseThrow().balance().minor())
          .isEqualTo(900_000 - 100L * sent);
      assertThat(ledger.reconcile().mismatches()).isEmpty();
    }
  }
}
