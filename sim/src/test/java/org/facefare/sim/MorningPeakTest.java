package org.facefare.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MorningPeakTest {

  static final Instant START = Instant.parse("2026-12-01T04:00:00Z");

  static PeakSettings settings(int passages, long seed) {
    return new PeakSettings(
        START,
        Duration.ofHours(3),
        Duration.ofMinutes(75),
        Duration.ofMinutes(35),
        passages,
        10,
        5,
        1_000,
        0.2,
        0.05,
        seed);
  }

  static final List<GateSite> SITES =
      List.of(
          new GateSite("A1", "A", 3),
          new GateSite("A2", "A", 3),
          new GateSite("A3", "A", 3),
          new GateSite("B1", "B", 1));

  @Test
  void theSameSeedGivesTheSamePeakInTimeOrderInsideTheWindow() {
    List<Passage> a = MorningPeak.schedule(settings(20_000, 42), SITES);
    assertThat(MorningPeak.schedule(settings(20_000, 42), SITES)).isEqualTo(a);
    assertThat(MorningPeak.schedule(settings(20_000, 43), SITES)).isNotEqualTo(a);
    assertThat(a).hasSize(20_000);
    assertThat(a).isSortedAccordingTo(java.util.Comparator.comparing(Passage::at));
    assertThat(a.getFirst().at()).isAfterOrEqualTo(START);
    assertThat(a.getLast().at()).isBefore(START.plus(Duration.ofHours(3)));
  }

  @Test
  void demandFollowsStationWeightsAndSharesFollowTheSettings() {
    List<Passage> a = MorningPeak.schedule(settings(40_000, 7), SITES);
    Map<String, Long> byStation =
        a.stream()
            .collect(Collectors.groupingBy(p -> p.gateId().substring(0, 1), Collectors.counting()));
    assertThat(byStation.get("A") / (double) a.size())
        .isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.01));
    long enrolled = a.stream().filter(p -> p.traveller() instanceof Traveller.Enrolled).count();
    long unenrolled = a.stream().filter(p -> p.traveller() instanceof Traveller.Unenrolled).count();
    assertThat(enrolled / (double) a.size())
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
    assertThat(unenrolled / (double) a.size())
        .isCloseTo(0.05, org.assertj.core.data.Offset.offset(0.005));
    long busiestHalfHour =
        a.stream()
            .filter(
                p ->
                    !p.at().isBefore(START.plus(Duration.ofMinutes(60)))
                        && p.at().isBefore(START.plus(Duration.ofMinutes(90))))
            .count();
    long firstHalfHour = a.stream().filter(p -> p.at().isBefore(START.plusSeconds(1800))).count();
    assertThat(busiestHalfHour).isGreaterThan(3 * firstHalfHour);
  }

  @Test
  void contradictorySettingsAreClearErrors() {
    assertThatThrownBy(
            () ->
                new PeakSettings(
                    START,
                    Duration.ofHours(1),
                    Duration.ofHours(2),
                    Duration.ofMinutes(5),
                    1,
                    1,
                    1,
                    1,
                    0.5,
                    0.1,
                    1))
        .hasMessageContaining("inside the window");
    assertThatThrownBy(
            () ->
                new PeakSettings(
                    START,
                    Duration.ofHours(1),
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(5),
                    1,
                    1,
                    1,
                    1,
                    0.8,
                    0.3,
                    1))
        .hasMessageContaining("more than 1");
    assertThatThrownBy(
            () ->
                new PeakSettings(
                    START,
                    Duration.ofHours(1),
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(5),
                    1,
                    0,
                    1,
                    1,
                    0.5,
                    0.1,
                    1))
        .hasMessageContaining("nobody in it");
    assertThatThrownBy(() -> MorningPeak.schedule(settings(5, 1), List.of()))
        .hasMessageContaining("at least one gate");
    assertThatThrownBy(() -> new GateSite("g", "s", 0)).hasMessageContaining("positive");
  }

  @Test
  void theClockRunsFasterByTheFactorAndSaysHowLongToWait() {
    AtomicLong nanos = new AtomicLong(1_000);
    SimClock clock = new SimClock(START, 60, nanos::get);
    assertThat(clock.instant()).isEqualTo(START);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(60));
    assertThat(clock.wallTimeUntil(START.plusSeconds(120))).isEqualTo(Duration.ofSeconds(1));
    assertThat(clock.wallTimeUntil(START)).isEqualTo(Duration.ZERO);
    clock.jumpTo(START.plusSeconds(3600), 60);
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600));
    nanos.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3630));
    assertThatThrownBy(() -> clock.jumpTo(START, 60)).hasMessageContaining("never runs back");
    nanos.addAndGet(Duration.ofMillis(500).toNanos());
    clock.runAt(1);
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3660));
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3662));
    assertThat(clock.speedUp()).isEqualTo(1);
  }

  @Test
  void theReportCountsFalseAcceptsAndRejectsAndPercentiles() {
    PeakReport r = new PeakReport();
    r.record(PeakReport.Kind.GENUINE, "OPEN", false, false, 80_000_000, 6_200);
    r.record(PeakReport.Kind.GENUINE, "NO_MATCH", true, false, 90_000_000, 0);
    r.record(PeakReport.Kind.IMPOSTOR, "NO_MATCH", true, false, 70_000_000, 0);
    r.record(PeakReport.Kind.IMPOSTOR, "OPEN", false, false, 60_000_000, 6_200);
    r.record(PeakReport.Kind.GENUINE, "OPEN", false, true, 50_000_000, 6_200);
    r.record(PeakReport.Kind.SYNTHETIC, "UNAVAILABLE", false, false, -1, 0);
    r.record(PeakReport.Kind.SYNTHETIC, "OPEN", false, true, 1_000_000, 6_200);
    Map<String, Object> m = r.toMap("RUB");
    assertThat(m)
        .containsEntry("passages", 7L)
        .containsEntry("false_accepts", 2L)
        .containsEntry("false_rejects", 1L)
        .containsEntry("genuine_attempts", 3L)
        .containsEntry("impostor_attempts", 2L)
        .containsEntry("synthetic_wrong_matches", 1L)
        .containsEntry("revenue", 24_800L);
    assertThat(m.get("outcomes_by_kind").toString()).contains("impostor={NO_MATCH=1, OPEN=1}");
    assertThat(r.latencyMs(50)).isBetween(59.0, 61.0);
    assertThat(r.summary()).contains("7 passages").contains("FA 2");
  }
}
