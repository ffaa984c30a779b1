package org.facefare.fares.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.stream.Stream;
import org.facefare.fares.Money;
import org.facefare.fares.document.Document;
import org.facefare.fares.document.DocumentException;
import org.facefare.fares.network.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLoadTest {

  static final String BASE =
      """
      id: test
      currency: RUB
      serviceDayStart: "04:30"
      versions:
        - id: v1
          effectiveFrom: "2026-01-01"
          effectiveUntil: "2026-07-01"
          fare: "62.00"
          fareByMode:
            bus: "50.00"
          timeBands:
            - name: peak
              days: [monday, friday]
              from: "07:00"
              until: "10:00"
              fareByMode:
                metro: "70.00"
          transfer:
            windowMinutes: 90
            limitedModes: [metro, ring_railway]
            limitedEntries: 1
          caps:
            daily: "230.00"
            weekly: "1000.00"
            monthly: "3000.00"
          concessions:
            adult: {}
            student:
              discountPercent: 50
              caps:
                daily: "115.00"
            pensioner:
              free: true
        - id: v2
          effectiveFrom: "2026-07-01"
          fare: "65.00"
          concessions:
            adult: {}
      """;

  static FarePolicy parse(String yaml) {
    return FarePolicy.parse(
        "test.yaml", yaml.getBytes(StandardCharsets.UTF_8), Document.Format.YAML);
  }

  @Test
  void baseReadsAsWritten() {
    FarePolicy policy = parse(BASE);
    assertThat(policy.currency().getCurrencyCode()).isEqualTo("RUB");
    assertThat(policy.serviceDayStart()).isEqualTo(LocalTime.of(4, 30));
    PolicyVersion v1 = policy.versionOn(LocalDate.of(2026, 6, 30)).orElseThrow();
    assertThat(v1.id()).isEqualTo("v1");
    assertThat(v1.baseFare(Mode.METRO)).contains(Money.of(6200, "RUB"));
    assertThat(v1.baseFare(Mode.RING_RAILWAY)).contains(Money.of(6200, "RUB"));
    assertThat(v1.baseFare(Mode.BUS)).contains(Money.of(5000, "RUB"));
    assertThat(v1.band(Mode.METRO, DayOfWeek.MONDAY, LocalTime.of(7, 0))).isPresent();
    assertThat(v1.band(Mode.METRO, DayOfWeek.MONDAY, LocalTime.of(10, 0))).isEmpty();
    assertThat(v1.band(Mode.BUS, DayOfWeek.MONDAY, LocalTime.of(8, 0))).isEmpty();
    assertThat(v1.band(Mode.METRO, DayOfWeek.TUESDAY, LocalTime.of(8, 0))).isEmpty();
    assertThat(v1.transfer().orElseThrow())
        .isEqualTo(
            new TransferRule(
                Duration.ofMinutes(90), java.util.Set.of(Mode.METRO, Mode.RING_RAILWAY), 1));
    assertThat(v1.caps().daily()).contains(Money.of(23000, "RUB"));
    Concession student = v1.concession("student").orElseThrow();
    assertThat(student.apply(Money.of(6201, "RUB"))).isEqualTo(Money.of(3100, "RUB"));
    assertThat(v1.capsFor(student).daily()).contains(Money.of(11500, "RUB"));
    assertThat(v1.capsFor(student).weekly()).isEmpty();
    assertThat(v1.concession("pensioner").orElseThrow().free()).isTrue();
    assertThat(policy.versionOn(LocalDate.of(2026, 7, 1)).orElseThrow().id()).isEqualTo("v2");
    assertThat(policy.versionOn(LocalDate.of(2025, 12, 31))).isEmpty();
  }

  @Test
  void jsonReadsLikeYaml() throws Exception {
    byte[] json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsBytes(
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(BASE));
    FarePolicy fromJson = FarePolicy.parse("test.json", json, Document.Format.JSON);
    assertThat(fromJson.versions()).isEqualTo(parse(BASE).versions());
    byte[] broken =
        new String(json, StandardCharsets.UTF_8)
            .replace("\"50.00\"", "\"-5\"")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FarePolicy.parse("test.json", broken, Document.Format.JSON))
        .hasMessageStartingWith("test.json:1:")
        .hasMessageContaining("$.versions[0].fareByMode.bus: negative amount -5");
  }

  @Test
  void samplePolicyLoads() {
    FarePolicy sample = FarePolicy.sampleMetro();
    assertThat(sample.versions()).extracting(PolicyVersion::id).containsExactly("2025", "2026");
    assertThat(sample.versionOn(LocalDate.of(2026, 3, 1)).orElseThrow().baseFare(Mode.METRO))
        .contains(Money.of(6200, "RUB"));
  }

  /** Each contradiction: text replaced, replacement, the field and words the error must have. */
  static Stream<Arguments> contradictions() {
    return Stream.of(
        Arguments.of(
            "daily: \"230.00\"", "daily: \"60.00\"", "$.versions[0].caps.daily", "below the"),
        Arguments.of(
            "daily: \"230.00\"",
            "daily: \"1200.00\"",
            "$.versions[0].caps.daily",
            "daily cap 1200.00 RUB is above the weekly cap 1000.00 RUB"),
        Arguments.of(
            "monthly: \"3000.00\"",
            "monthly: \"900.00\"",
            "$.versions[0].caps.weekly",
            "weekly cap 1000.00 RUB is above the monthly cap 900.00 RUB"),
        Arguments.of(
            "daily: \"115.00\"",
            "daily: \"30.00\"",
            "$.versions[0].concessions.student.caps.daily",
            "that profile 'student' pays"),
        Arguments.of(
            "effectiveFrom: \"2026-07-01\"",
            "effectiveFrom: \"2026-06-01\"",
            "$.versions[1].effectiveFrom",
            "both in effect on 2026-06-01"),
        Arguments.of(
            "effectiveUntil: \"2026-07-01\"",
            "effectiveUntil: \"2025-07-01\"",
            "$.versions[0].effectiveUntil",
            "is not after effectiveFrom"),
        Arguments.of(
            "    bus: \"50.00\"",
            "    tram: \"50.00\"",
            "$.versions[0].fareByMode.tram",
            "unknown mode 'tram'"),
        Arguments.of(
            "[metro, ring_railway]",
            "[metro, monorail]",
            "$.versions[0].transfer.limitedModes[1]",
            "unknown mode 'monorail'"),
        Arguments.of(
            "bus: \"50.00\"", "bus: \"-50.00\"", "$.versions[0].fareByMode.bus", "negative amount"),
        Arguments.of(
            "bus: \"50.00\"",
            "bus: \"99999999999999999999.00\"",
            "$.versions[0].fareByMode.bus",
            "overflows"),
        Arguments.of(
            "bus: \"50.00\"",
            "bus: \"50.00 EUR\"",
            "$.versions[0].fareByMode.bus",
            "mixed currencies"),
        Arguments.of(
            "bus: \"50.00\"", "bus: \"50.005\"", "$.versions[0].fareByMode.bus", "more decimals"),
        Arguments.of(
            "bus: \"50.00\"", "bus: \"fifty\"", "$.versions[0].fareByMode.bus", "not an amount"),
        Arguments.of(
            "  - id: v2\n", "  - id: v1\n", "$.versions[1].id", "duplicate version id 'v1'"),
        Arguments.of(
            "      adult: {}\n      student:",
            "      grown-up: {}\n      student:",
            "$.versions[0].concessions",
            "no 'adult' profile"),
        Arguments.of(
            "        free: true",
            "        free: true\n        discountPercent: 20",
            "$.versions[0].concessions.pensioner.free",
            "not both"),
        Arguments.of(
            "discountPercent: 50",
            "discountPercent: 150",
            "$.versions[0].concessions.student.discountPercent",
            "maximum"),
        Arguments.of(
            "until: \"10:00\"",
            "until: \"06:00\"",
            "$.versions[0].timeBands[0].until",
            "not after"),
        Arguments.of(
            "days: [monday, friday]",
            "days: [monday, funday]",
            "$.versions[0].timeBands[0].days[1]",
            "unknown day"),
        Arguments.of("currency: RUB", "currency: XYZ", "$.currency", "unknown currency code 'XYZ'"),
        Arguments.of(
            "serviceDayStart: \"04:30\"",
            "serviceDayStart: \"25:30\"",
            "$.serviceDayStart",
            "not a local time"),
        Arguments.of(
            "windowMinutes: 90",
            "windowMinutes: 0",
            "$.versions[0].transfer.windowMinutes",
            "minimum"),
        Arguments.of("    fare: \"65.00\"\n", "", "$.versions[1]", "fare"),
        Arguments.of(
            "        fareByMode:\n          metro: \"70.00\"\n",
            "        fareByMode:\n          metro: \"70.00\"\n"
                + "      - name: rush\n        days: [friday]\n        from: \"09:00\"\n"
                + "        until: \"11:00\"\n        fareByMode:\n          metro: \"75.00\"\n",
            "$.versions[0].timeBands[1]",
            "time bands 'peak' and 'rush' overlap on friday for metro"));
  }

  @ParameterizedTest
  @MethodSource("contradictions")
  void contradictionIsAClearErrorNamingLineAndField(
      String original, String replacement, String field, String words) {
    assertThat(BASE).contains(original);
    String broken =
        BASE.replaceFirst(
            java.util.regex.Pattern.quote(original),
            java.util.regex.Matcher.quoteReplacement(replacement));
    assertThatThrownBy(() -> parse(broken))
        .isInstanceOfSatisfying(
            DocumentException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> {
                          assertThat(p.source()).isEqualTo("test.yaml");
                          assertThat(p.field()).isEqualTo(field);
                          assertThat(p.message()).contains(words);
                          assertThat(p.line()).isPositive();
                        }));
  }

  @Test
  void errorLineIsTheOffendingLine() {
    String broken = BASE.replace("bus: \"50.00\"", "bus: \"-50.00\"");
    int line =
        (int) broken.substring(0, broken.indexOf("-50.00")).chars().filter(c -> c == '\n').count()
            + 1;
    assertThatThrownBy(() -> parse(broken)).hasMessageStartingWith("test.yaml:" + line + ":");
  }

  @Test
  void amountsAreExactMinorUnits() {
    FarePolicy policy = parse(BASE.replace("bus: \"50.00\"", "bus: \"50.5 RUB\""));
    assertThat(policy.versions().get(0).baseFare(Mode.BUS)).contains(Money.of(5050, "RUB"));
    FarePolicy yen =
        parse(
            BASE.replace("currency: RUB", "currency: JPY")
                .replaceAll("\\.00\"", "\"")
                .replace("\"50\"", "\"50\""));
    assertThat(yen.versions().get(0).baseFare(Mode.METRO)).contains(Money.of(62, "JPY"));
    assertThatThrownBy(() -> parse(BASE.replace("currency: RUB", "currency: JPY")))
        .hasMessageContaining("more decimals than JPY has minor units (0)");
  }

  @Test
  void concessionDiscountRoundsDownExactly() {
    Concession third = new Concession("x", 33, Optional.empty());
    assertThat(third.apply(Money.of(100, "RUB"))).isEqualTo(Money.of(67, "RUB"));
    assertThat(third.apply(Money.of(Long.MAX_VALUE, "RUB")).minor())
        .isEqualTo(
            java.math.BigInteger.valueOf(Long.MAX_VALUE)
                .multiply(java.math.BigInteger.valueOf(67))
                .divide(java.math.BigInteger.valueOf(100))
                .longValueExact());
    assertThatThrownBy(() -> new Concession("x", 101, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
