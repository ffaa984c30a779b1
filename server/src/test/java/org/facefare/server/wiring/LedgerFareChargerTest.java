package org.facefare.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gate.authority.FareCharger.ChargeOutcome;
import org.facefare.gate.protocol.MalformedRequestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerFareChargerTest {

  @TempDir static Path dir;
  private static FaceFareSystem system;
  private static LedgerFareCharger charger;
  private static String gate;

  @BeforeAll
  static void open() throws Exception {
    system = FaceFareSystem.builder(dir).open();
    charger = new LedgerFareCharger(system.ledger());
    gate = system.network().gates().getFirst().id();
    for (String rider : new String[] {"rider-a", "rider-b"}) {
      system.ledger().openWallet(new RiderId(rider), Money.currency("RUB"), "adult");
      system
          .ledger()
          .topUp(
              new TopUpRequest(
                  "top-up-" + rider,
                  new RiderId(rider),
                  Money.of(10_000, "RUB"),
                  SandboxPaymentProvider.APPROVE));
    }
  }

  @AfterAll
  static void close() {
    system.close();
  }

  @Test
  void aRetryOfTheSamePassageGetsTheFirstChargeAndChargesNothingMore() {
    UUID request = UUID.randomUUID();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ChargeOutcome first = charger.charge(request, "rider-a", gate, at);
    long balance = balanceOf("rider-a");

    ChargeOutcome again = charger.charge(request, "rider-a", gate, at);

    assertThat(first).isInstanceOf(ChargeOutcome.Charged.class);
    assertThat(again).isEqualTo(first);
    assertThat(balanceOf("rider-a")).isEqualTo(balance);
  }

  @Test
  void aRequestIdReusedForAnotherPassageIsTheGatesErrorAndChargesNobody() {
    UUID request = UUID.randomUUID();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    charger.charge(request, "rider-a", gate, at);
    long a = balanceOf("rider-a");
    long b = balanceOf("rider-b");

    assertThatThrownBy(() -> charger.charge(request, "rider-b", gate, at))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining(request.toString())
        .hasMessageContaining("already used for another passage");
    assertThatThrownBy(() -> charger.charge(request, "rider-a", gate, at.plusSeconds(30)))
        .isInstanceOf(MalformedRequestException.class);

    assertThat(balanceOf("rider-a")).isEqualTo(a);
    assertThat(balanceOf("rider-b")).isEqualTo(b);
    assertThat(system.ledger().reconcile().ok()).isTrue();
  }

  private static long balanceOf(String rider) {
    return system.ledger().wallet(new RiderId(rider)).orElseThrow().balance().minor();
  }
}
