package org.facefare.server.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Base64;
import java.util.Properties;
import org.facefare.fares.engine.ServiceCalendar;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.protocol.GateSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleViewsTest {

  @Test
  void theMapPlacesEveryStationInsideTheViewBoxAlongItsLine() {
    Network network = Network.sampleMetro();
    NetworkMap map = NetworkMap.of(network);
    assertThat(map.stations()).hasSize(network.stations().size());
    assertThat(map.lines()).hasSize(network.lines().size());
    assertThat(map.stations())
        .allSatisfy(
            s -> {
              assertThat(s.x()).isBetween(0.0, map.width());
              assertThat(s.y()).isBetween(0.0, map.height());
            });
    NetworkMap small = NetworkMap.of(Network.small());
    NetworkMap.MapStation north =
        small.stations().stream().filter(s -> s.id().equals("red-north")).findFirst().orElseThrow();
    NetworkMap.MapStation south =
        small.stations().stream().filter(s -> s.id().equals("red-south")).findFirst().orElseThrow();
    assertThat(north.y()).as("north is up").isLessThan(south.y());
    assertThat(small.lines().getFirst().points().split(" ")).hasSize(3);
    assertThat(small.viewBox()).startsWith("0 0 800.0 ");
  }

  @Test
  void thePolicyViewSaysWhichVersionIsInEffectToday() {
    FarePolicy policy = FarePolicy.sampleMetro();
    ServiceCalendar calendar =
        new ServiceCalendar(Network.sampleMetro().timeZone(), policy.serviceDayStart());
    Instant now = Instant.parse("2026-12-01T09:00:00Z");
    PolicyView view = PolicyView.of(policy, calendar, now);
    assertThat(view.versions()).hasSize(policy.versions().size());
    assertThat(view.versions())
        .filteredOn(v -> v.status() == PolicyView.Status.CURRENT)
        .hasSizeLessThanOrEqualTo(1);
    for (PolicyView.Version v : view.versions()) {
      boolean inEffect =
          policy.versions().stream()
              .filter(p -> p.id().equals(v.id()))
              .findFirst()
              .orElseThrow()
              .inEffectOn(view.today());
      assertThat(v.status() == PolicyView.Status.CURRENT).isEqualTo(inEffect);
      assertThat(v.fares()).isNotEmpty();
    }
    assertThat(view.serviceDayStart()).isEqualTo(policy.serviceDayStart().toString());
    assertThat(LocalTime.parse(view.serviceDayStart())).isNotNull();
  }

  @Test
  void gateKeyInputTakesBase64OrPemAndRefusesTheRest() {
    var pair = GateSigner.newKeyPair();
    String b64 = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    String pem = "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    assertThat(GateKeyInput.key(b64)).isEqualTo(pair.getPublic());
    assertThat(GateKeyInput.key(pem)).isEqualTo(pair.getPublic());
    assertThat(GateKeyRows.fingerprint(pair.getPublic())).hasSize(32);
    for (String bad : new String[] {"", "   ", "not base64!", "AAAA", "x".repeat(5_000)}) {
      assertThatThrownBy(() -> GateKeyInput.key(bad)).isInstanceOf(ConsoleInputException.class);
    }
    Network network = Network.small();
    assertThat(GateKeyInput.gate(network, " G-RN-1 ")).isEqualTo("G-RN-1");
    assertThatThrownBy(() -> GateKeyInput.gate(network, "G-NOPE"))
        .isInstanceOfSatisfying(
            ConsoleInputException.class,
            e -> assertThat(e.key()).isEqualTo("console.gates.error.gateUnknown"));
    assertThat(GateKeyInput.overlap("15")).isEqualTo(Duration.ofMinutes(15));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1441", "1.5", "ten"})
  void overlapsOutsideZeroToADayAreRefused(String raw) {
    assertThatThrownBy(() -> GateKeyInput.overlap(raw))
        .isInstanceOfSatisfying(
            ConsoleInputException.class,
            e -> assertThat(e.key()).isEqualTo("console.gates.error.overlap"));
  }

  @Test
  void theRegisterListsOnlyRegisteredGatesOfTheNetwork() {
    Network network = Network.small();
    GateKeyRegistry registry = new GateKeyRegistry(Instant::now);
    registry.register("G-RS-1", GateSigner.newKeyPair().getPublic());
    registry.register("elsewhere", GateSigner.newKeyPair().getPublic());
    registry.rotate("G-RS-1", GateSigner.newKeyPair().getPublic(), Duration.ofMinutes(5));
    assertThat(GateKeyRows.of(network, registry))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.gateId()).isEqualTo("G-RS-1");
              assertThat(r.stationId()).isEqualTo("red-south");
              assertThat(r.overlapping()).isTrue();
            });
  }

  @Test
  void englishAndRussianHaveTheSameKeys() throws Exception {
    Properties en = bundle("en");
    Properties ru = bundle("ru");
    assertThat(ru.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
    assertThat(en.stringPropertyNames()).allMatch(k -> k.startsWith("console."));
    assertThat(ru.values()).allSatisfy(v -> assertThat(v.toString()).isNotBlank());
  }

  private static Properties bundle(String lang) throws Exception {
    Properties p = new Properties();
    try (InputStream in =
        ConsoleViewsTest.class.getResourceAsStream("/web/i18n/console_" + lang + ".properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }
}
