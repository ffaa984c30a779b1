package org.facefare.fares.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.facefare.fares.Entry;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;
import org.facefare.fares.document.Document;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Examples of every rule, on the small network with the sample policy (docs/fares.md). */
class FareEngineTest {

  static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  static final String METRO = "G-RN-1";
  static final String METRO_2 = "G-BC-1";
  static final String RING = "G-R1-1";
  static final String BUS = "G-B1-M";

  static final FareEngine ENGINE = new FareEngine(Network.small(), FarePolicy.sampleMetro());

  static Instant moscow(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  static Money rub(String major) {
    return Money.of(new java.math.BigDecimal(major).movePointRight(2).longValueExact(), "RUB");
  }

  static FareQuote once(String profile, String gate, String local) {
    return ENGINE.quote(profile, List.of(), new Entry(gate, moscow(local)));
  }

  @ParameterizedTest(name = "{0} at {1}: {2}")
  @CsvSource({
    // Tuesday off-peak, fare by mode
    "G-RN-1, 2026-03-03T12:00, 62.00",
    "G-R1-1, 2026-03-03T12:00, 62.00",
    "G-B1-M, 2026-03-03T12:00, 50.00",
    // Weekday peaks: from inclusive, until exclusive; buses have no peak fare
    "G-RN-1, 2026-03-02T06:59:59, 62.00",
    "G-RN-1, 2026-03-02T07:00, 70.00",
    "G-RN-1, 2026-03-02T09:59:59, 70.00",
    "G-RN-1, 2026-03-02T10:00, 62.00",
    "G-R1-1, 2026-03-02T17:00, 70.00",
    "G-RN-1, 2026-03-02T20:00, 62.00",
    "G-B1-M, 2026-03-02T08:00, 50.00",
    // Saturday: no peak
    "G-RN-1, 2026-03-07T08:00, 62.00",
    // The 2025 version priced every mode at 57.00 with no peaks
    "G-B1-M, 2025-06-02T08:00, 57.00",
  })
  void fareByModeAndTimeOfDay(String gate, String local, String expected) {
    assertThat(once("adult", gate, local).amount()).isEqualTo(rub(expected));
  }

  @Test
  void peakFareIsExplained() {
    assertThat(once("adult", METRO, "2026-03-02T08:15").explanation())
        .containsExactly("new journey", "fare: metro peak (07:00–10:00) 70.00 RUB");
  }

  static Stream<Arguments> journeys() {
    return Stream.of(
        Arguments.of("metro then bus", List.of(METRO + "@0", BUS + "@30"), "62.00 0"),
        Arguments.of("bus then metro", List.of(BUS + "@0", METRO + "@30"), "50.00 0"),
        Arguments.of(
            "buses round a metro ride",
            List.of(BUS + "@0", BUS + "@20", METRO + "@40", BUS + "@80"),
            "50.00 0 0 0"),
        Arguments.of("two metro entries", List.of(METRO + "@0", METRO_2 + "@30"), "62.00 62.00"),
        Arguments.of("metro then ring railway", List.of(METRO + "@0", RING + "@30"), "62.00 62.00"),
        Arguments.of(
            "bus just inside the window", List.of(METRO + "@0", BUS + "@89.99"), "62.00 0"),
        Arguments.of("bus at the window's end", List.of(METRO + "@0", BUS + "@90"), "62.00 50.00"),
        Arguments.of(
            "window counts from the journey's first entry",
            List.of(BUS + "@0", BUS + "@60", BUS + "@100", BUS + "@150"),
            "50.00 0 50.00 0"),
        Arguments.of(
            "a second metro entry starts a journey a bus can join",
            List.of(METRO + "@0", METRO_2 + "@10", BUS + "@95"),
            "62.00 62.00 0"),
        Arguments.of(
            "metro after a bus-started journey is its one limited entry",
            List.of(BUS + "@0", METRO + "@10", RING + "@20"),
            "50.00 0 62.00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("journeys")
  void transferWindow(String name, List<String> entries, String expected) {
    Rider rider = new Rider(ENGINE, "adult");
    Instant start = moscow("2026-03-03T11:00");
    List<Money> charged = new ArrayList<>();
    for (String e : entries) {
      String[] parts = e.split("@");
      long millis = Math.round(Double.parseDouble(parts[1]) * 60_000);
      charged.add(rider.enter(parts[0], start.plusMillis(millis)).amount());
    }
    List<Money> want = Stream.of(expected.split(" ")).map(FareEngineTest::rub).toList();
    assertThat(charged).isEqualTo(want);
  }

  @Test
  void transfersAndNewJourneysAreExplained() {
    Rider rider = new Rider(ENGINE, "adult");
    rider.enter(METRO, moscow("2026-03-03T11:00"));
    assertThat(rider.enter(BUS, moscow("2026-03-03T11:30")).explanation())
        .containsExactly("transfer: free, bus within 90 min of the journey's first entry at 11:00");
    assertThat(rider.enter(METRO_2, moscow("2026-03-03T11:40")).explanation())
        .first()
        .isEqualTo(
            "new journey: the journey that began at 11:00 already holds 1 metro/ring_railway entry");
    assertThat(rider.enter(BUS, moscow("2026-03-03T13:20")).explanation())
        .first()
        .isEqualTo(
            "new journey: 100 min after the last journey began at 11:40 (transfers within 90 min)");
  }

  @Test
  void dailyCapLimitsThenStops() {
    Rider rider = new Rider(ENGINE, "adult");
    List<FareQuote> quotes = new ArrayList<>();
    for (int hour = 8; hour <= 16; hour += 2) {
      quotes.add(rider.enter(METRO, moscow("2026-03-07T%02d:00".formatted(hour))));
    }
    assertThat(quotes)
        .extracting(FareQuote::amount)
        .containsExactly(rub("62.00"), rub("62.00"), rub("62.00"), rub("44.00"), rub("0"));
    assertThat(quotes.get(3).explanation())
        .last()
        .isEqualTo("capped: daily cap 230.00 RUB, 186.00 RUB already paid: 44.00 RUB");
    assertThat(quotes.get(4).explanation())
        .last()
        .isEqualTo("capped: daily cap 230.00 RUB reached");
    assertThat(quotes.get(4).policyVersion()).isEqualTo("2026");
  }

  @Test
  void serviceDayRunsFrom0430To0429() {
    Rider rider = new Rider(ENGINE, "adult");
    for (int hour = 8; hour <= 14; hour += 2) {
      rider.enter(METRO, moscow("2026-03-07T%02d:00".formatted(hour)));
    }
    // Sunday 04:29 is still Saturday's service day: capped.
    assertThat(rider.enter(METRO, moscow("2026-03-08T04:29:59")).amount()).isEqualTo(rub("0"));
    // Sunday 04:30 starts a new service day and a new cap.
    assertThat(rider.enter(METRO, moscow("2026-03-08T04:30")).amount()).isEqualTo(rub("62.00"));
  }

  @Test
  void journeysDoNotCrossTheServiceDayBoundary() {
    Rider rider = new Rider(ENGINE, "adult");
    rider.enter(METRO, moscow("2026-03-08T04:00"));
    assertThat(rider.enter(BUS, moscow("2026-03-08T04:40")).amount()).isEqualTo(rub("50.00"));
  }

  @Test
  void weeklyCapRunsMondayToSunday() {
    Rider rider = new Rider(ENGINE, "adult");
    long week = 0;
    FareQuote last = null;
    LocalDate monday = LocalDate.of(2026, 3, 2);
    for (int d = 0; d < 7; d++) {
      for (int hour = 11; hour <= 21; hour += 2) {
        last = rider.enter(METRO, moscow(monday.plusDays(d) + "T%02d:00".formatted(hour)));
        week += last.amount().minor();
        if (d == 4 && hour == 15) {
          assertThat(last.explanation()).last().asString().contains("weekly cap 1000.00 RUB");
        }
      }
    }
    assertThat(week).isEqualTo(100_000);
    assertThat(last.explanation()).last().isEqualTo("capped: weekly cap 1000.00 RUB reached");
    // The next Monday's service day starts a new week.
    assertThat(rider.enter(METRO, moscow("2026-03-09T04:30")).amount()).isEqualTo(rub("62.00"));
  }

  @Test
  void monthlyCapAcrossAMonthOfStudentRides() {
    Rider rider = new Rider(ENGINE, "student");
    long march = 0;
    boolean monthlyCapSeen = false;
    for (LocalDate day = LocalDate.of(2026, 3, 1);
        day.getMonthValue() == 3;
        day = day.plusDays(1)) {
      for (int hour = 11; hour <= 21; hour += 2) {
        FareQuote q = rider.enter(METRO, moscow(day + "T%02d:00".formatted(hour)));
        march += q.amount().minor();
        monthlyCapSeen |= String.join(";", q.explanation()).contains("monthly cap 1500.00 RUB");
      }
    }
    assertThat(march).isEqualTo(150_000);
    assertThat(monthlyCapSeen).isTrue();
    assertThat(rider.enter(METRO, moscow("2026-04-01T11:00")).amount()).isEqualTo(rub("31.00"));
  }

  @Test
  void concessions() {
    FareQuote student = once("student", METRO, "2026-03-03T12:00");
    assertThat(student.amount()).isEqualTo(rub("31.00"));
    assertThat(student.explanation()).contains("concession student: 50% off, 31.00 RUB");
    FareQuote pensioner = once("pensioner", METRO, "2026-03-02T08:00");
    assertThat(pensioner.amount()).isEqualTo(rub("0"));
    assertThat(pensioner.explanation()).last().isEqualTo("concession pensioner: rides free");
    // A student's own daily cap (115.00) applies instead of the adult one.
    Rider rider = new Rider(ENGINE, "student");
    long day = 0;
    for (int hour = 11; hour <= 21; hour += 2) {
      day += rider.enter(METRO, moscow("2026-03-03T%02d:00".formatted(hour))).amount().minor();
    }
    assertThat(day).isEqualTo(11_500);
  }

  @Test
  void versionIsChosenByServiceDay() {
    // 04:29 on 2 January 2026 is still the service day of 1 January: version 2025.
    FareQuote before = once("adult", METRO, "2026-01-02T04:29");
    assertThat(before.policyVersion()).isEqualTo("2025");
    assertThat(before.amount()).isEqualTo(rub("57.00"));
    FareQuote after = once("adult", METRO, "2026-01-02T04:30");
    assertThat(after.policyVersion()).isEqualTo("2026");
    assertThat(after.amount()).isEqualTo(rub("62.00"));
    assertThatThrownBy(() -> once("adult", METRO, "2024-06-01T12:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "no version of fare policy sample-metro-fares is in effect on service day 2024-06-01");
  }

  @ParameterizedTest(name = "history from {0} is {1}")
  @CsvSource({
    "2026-03-03T12:00, 2026-03-01T04:30",
    "2026-03-10T12:00, 2026-03-01T04:30",
    "2026-04-01T02:00, 2026-03-01T04:30",
    "2026-06-02T12:00, 2026-06-01T04:30",
    "2026-07-01T12:00, 2026-06-29T04:30",
    "2026-07-01T04:29, 2026-06-01T04:30",
  })
  void historyStartsAtTheEarlierOfWeekAndMonth(String at, String from) {
    assertThat(ENGINE.historyFrom(moscow(at))).isEqualTo(moscow(from));
  }

  @Test
  void badQuotesAreClearErrors() {
    Instant noon = moscow("2026-03-03T12:00");
    assertThatThrownBy(() -> ENGINE.quote("adult", List.of(), new Entry("G-NOPE", noon)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown gate 'G-NOPE'");
    assertThatThrownBy(() -> ENGINE.quote("veteran", List.of(), new Entry(METRO, noon)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown concession profile 'veteran'")
        .hasMessageContaining("[adult, pensioner, student]");
    PastTrip later = new PastTrip(new Entry(METRO, noon.plusSeconds(1)), rub("62.00"));
    assertThatThrownBy(() -> ENGINE.quote("adult", List.of(later), new Entry(METRO, noon)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is after the entry");
    PastTrip euros = new PastTrip(new Entry(METRO, noon.minusSeconds(60)), Money.of(100, "EUR"));
    assertThatThrownBy(() -> ENGINE.quote("adult", List.of(euros), new Entry(METRO, noon)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in RUB");
    PastTrip refund = new PastTrip(new Entry(METRO, noon.minusSeconds(60)), rub("-1.00"));
    assertThatThrownBy(() -> ENGINE.quote("adult", List.of(refund), new Entry(METRO, noon)))
        .hasMessageContaining("negative charge");
    PastTrip ghost = new PastTrip(new Entry("G-GONE", noon.minusSeconds(60)), rub("62.00"));
    assertThatThrownBy(() -> ENGINE.quote("adult", List.of(ghost), new Entry(METRO, noon)))
        .hasMessageContaining("history trip at")
        .hasMessageContaining("unknown gate 'G-GONE'");
  }

  @Test
  void aPolicyThatDoesNotPriceAModeOfTheNetworkIsRefused() {
    String yaml =
        """
        id: metro-only
        currency: RUB
        serviceDayStart: "04:30"
        versions:
          - id: v1
            effectiveFrom: "2026-01-01"
            fareByMode:
              metro: "62.00"
              ring_railway: "62.00"
            concessions:
              adult: {}
        """;
    FarePolicy policy =
        FarePolicy.parse(
            "metro-only.yaml", yaml.getBytes(StandardCharsets.UTF_8), Document.Format.YAML);
    assertThatThrownBy(() -> new FareEngine(Network.small(), policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version v1 has no fare for mode bus (run by b1)");
  }

  @Test
  void theSampleMetroIsPricedBySampleFares() {
    Network metro = Network.sampleMetro();
    FareEngine engine = new FareEngine(metro, FarePolicy.sampleMetro());
    String gate = metro.gates().get(0).id();
    FareQuote quote = engine.quote("adult", List.of(), new Entry(gate, moscow("2026-03-03T12:00")));
    assertThat(quote.amount()).isEqualTo(rub("62.00"));
    assertThat(
            Duration.between(
                engine.historyFrom(moscow("2026-03-03T12:00")), moscow("2026-03-03T12:00")))
        .isPositive();
  }
}
