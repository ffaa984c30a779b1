package org.facefare.fares.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.facefare.fares.Entry;
import org.facefare.fares.network.Network;
import org.facefare.fares.network.NetworkLoadTestSupport;
import org.facefare.fares.policy.FarePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Service days across DST changes: 23- and 25-hour days, boundaries in gaps and overlaps. */
class ServiceCalendarTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ServiceCalendar CALENDAR = new ServiceCalendar(BERLIN, LocalTime.of(4, 30));

  @ParameterizedTest(name = "{0} lasts {1} h")
  @CsvSource({
    // The service day of 28 March holds the night the clocks spring forward, that of 24 October
    // the night they fall back.
    "2026-03-27, 24",
    "2026-03-28, 23",
    "2026-03-29, 24",
    "2026-10-24, 25",
    "2026-10-25, 24"
  })
  void serviceDaysAreShortOrLongOnDstChanges(LocalDate day, int hours) {
    assertThat(Duration.between(CALENDAR.start(day), CALENDAR.start(day.plusDays(1))))
        .isEqualTo(Duration.ofHours(hours));
  }

  @ParameterizedTest(name = "{0} UTC is service day {1}")
  @CsvSource({
    // 29 March 2026: clocks go 02:00 CET -> 03:00 CEST; 04:30 CEST is 02:30 UTC.
    "2026-03-29T02:29:59Z, 2026-03-28",
    "2026-03-29T02:30:00Z, 2026-03-29",
    // 25 October 2026: clocks go 03:00 CEST -> 02:00 CET; 04:30 CET is 03:30 UTC.
    "2026-10-25T03:29:59Z, 2026-10-24",
    "2026-10-25T03:30:00Z, 2026-10-25",
  })
  void everyInstantHasOneServiceDay(Instant at, LocalDate day) {
    assertThat(CALENDAR.serviceDate(at)).isEqualTo(day);
  }

  /** A boundary inside the spring gap starts the day at the first instant after the gap. */
  @Test
  void boundaryInAGapMovesToTheGapsEnd() {
    ServiceCalendar night = new ServiceCalendar(BERLIN, LocalTime.of(2, 30));
    LocalDate day = LocalDate.of(2026, 3, 29);
    assertThat(night.start(day)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(night.serviceDate(Instant.parse("2026-03-29T01:15:00Z")))
        .isEqualTo(day.minusDays(1));
    assertThat(night.serviceDate(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo(day);
  }

  /**
   * A boundary inside the autumn overlap starts the day at its first occurrence; the repeated hour
   * belongs to the new day although its clock reads earlier than the boundary.
   */
  @Test
  void boundaryInAnOverlapIsItsFirstOccurrence() {
    ServiceCalendar night = new ServiceCalendar(BERLIN, LocalTime.of(2, 30));
    LocalDate day = LocalDate.of(2026, 10, 25);
    assertThat(night.start(day)).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    // 01:15 UTC is 02:15 CET, the second time the clocks show 02:15 that night.
    Instant repeated = Instant.parse("2026-10-25T01:15:00Z");
    assertThat(LocalDateTime.ofInstant(repeated, BERLIN).toLocalTime())
        .isEqualTo(LocalTime.of(2, 15));
    assertThat(night.serviceDate(repeated)).isEqualTo(day);
  }

  @Test
  void weeksStartOnMondayMonthsOnTheFirst() {
    assertThat(ServiceCalendar.weekOf(LocalDate.of(2026, 3, 8)))
        .isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(ServiceCalendar.weekOf(LocalDate.of(2026, 3, 9)))
        .isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(ServiceCalendar.monthOf(LocalDate.of(2026, 3, 31)))
        .isEqualTo(LocalDate.of(2026, 3, 1));
  }

  /** The engine resets the daily cap at 04:30 local time on a DST day, not at a fixed UTC hour. */
  @Test
  void capResetsAtTheLocalBoundaryOnDstDays() {
    Network berlin = NetworkLoadTestSupport.smallIn("Europe/Berlin");
    FareEngine engine = new FareEngine(berlin, FarePolicy.sampleMetro());
    Rider rider = new Rider(engine, "adult");
    // Saturday 28 March 2026: ride to the daily cap.
    for (int hour = 8; hour <= 16; hour += 2) {
      rider.enter("G-RN-1", LocalDateTime.of(2026, 3, 28, hour, 0).atZone(BERLIN).toInstant());
    }
    Instant lastOfSaturday = LocalDateTime.of(2026, 3, 29, 4, 29).atZone(BERLIN).toInstant();
    Instant firstOfSunday = LocalDateTime.of(2026, 3, 29, 4, 30).atZone(BERLIN).toInstant();
    assertThat(lastOfSaturday.atOffset(ZoneOffset.UTC).getHour()).isEqualTo(2);
    assertThat(rider.enter("G-RN-1", lastOfSaturday).amount().minor()).isZero();
    assertThat(rider.enter("G-RN-1", firstOfSunday).amount().minor()).isEqualTo(6200);
    assertThat(engine.historyFrom(firstOfSunday))
        .isEqualTo(LocalDateTime.of(2026, 3, 1, 4, 30).atZone(BERLIN).toInstant());
    assertThat(engine.quote("adult", List.of(), new Entry("G-RN-1", firstOfSunday)).policyVersion())
        .isEqualTo("2026");
  }
}
