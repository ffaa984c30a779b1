package org.facefare.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.facefare.fares.network.Network;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiveStatisticsTest {

  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  static final Network NETWORK = Network.small();
  static final GateDecision OPEN =
      new GateDecision.Open(
          new Receipt(UUID.randomUUID(), "G-RN-1", T0, 6_200, "RUB", List.of("flat fare"), 0));

  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final LiveStatistics live =
      new LiveStatistics(NETWORK, now::get, new LiveSettings(Duration.ofMinutes(1), 5));

  static GateDecision deny(DenyReason r) {
    return new GateDecision.Deny(r);
  }

  static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void countsOutcomesByReasonForTheNetworkAndEachStation() {
    live.decided("G-RN-1", OPEN, ms(10));
    live.decided("G-RN-2", deny(DenyReason.NO_MATCH), ms(10));
    live.decided("G-RS-1", deny(DenyReason.INSUFFICIENT_FUNDS), ms(10));
    live.decided("G-RS-1", deny(DenyReason.SPOOF_SUSPECTED), ms(10));
    live.decided("made-up-gate", deny(DenyReason.GATE_UNKNOWN), ms(1));

    LiveStatistics.Snapshot network = live.network();
    assertThat(network.passages()).isEqualTo(5);
    assertThat(network.outcomes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "OPEN", 1L,
                "NO_MATCH", 1L,
                "INSUFFICIENT_FUNDS", 1L,
                "SPOOF_SUSPECTED", 1L,
                "GATE_UNKNOWN", 1L));
    assertThat(network.points())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.passages()).isEqualTo(5);
              assertThat(p.opened()).isEqualTo(1);
              assertThat(p.start()).isEqualTo(T0);
            });

    LiveStatistics.Snapshot north = live.station("red-north").orElseThrow();
    assertThat(north.passages()).isEqualTo(2);
    assertThat(north.outcomes()).containsOnlyKeys("OPEN", "NO_MATCH");
    LiveStatistics.Snapshot south = live.station("red-south").orElseThrow();
    assertThat(south.outcomes()).containsOnlyKeys("INSUFFICIENT_FUNDS", "SPOOF_SUSPECTED");
    assertThat(live.station("blue-east").orElseThrow().points()).isEmpty();
    assertThat(live.station("atlantis")).isEmpty();

    assertThat(live.gates()).hasSize(NETWORK.gates().size());
    assertThat(live.gates())
        .filteredOn(g -> g.gateId().equals("G-RS-1"))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.stationId()).isEqualTo("red-south");
              assertThat(g.lastOutcome()).contains("SPOOF_SUSPECTED");
              assertThat(g.lastSeen()).contains(T0);
              assertThat(g.turnstile()).isEmpty();
            });
    assertThat(live.gates())
        .extracting(LiveStatistics.GateStatus::gateId)
        .doesNotContain("made-up-gate");
  }

  @Test
  void theWindowSlidesAndGrowsFromItsFirstBucketWithData() {
    assertThat(live.network().points()).isEmpty();
    for (int minute = 0; minute < 8; minute++) {
      now.set(T0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
      for (int i = 0; i <= minute; i++) {
        live.decided("G-RC-1", OPEN, ms(5));
      }
      List<LiveStatistics.Point> points = live.network().points();
      assertThat(points).hasSize(Math.min(minute + 1, 5));
      assertThat(points.getLast().passages()).isEqualTo(minute + 1);
      assertThat(points.getLast().start()).isEqualTo(T0.plus(Duration.ofMinutes(minute)));
    }
    // minutes 3..7 are in the window: 4 + 5 + 6 + 7 + 8 passages
    assertThat(live.network().outcomes()).containsEntry("OPEN", 30L);
    assertThat(live.network().passages()).isEqualTo(36);

    now.set(T0.plus(Duration.ofMinutes(13)));
    List<LiveStatistics.Point> quiet = live.network().points();
    assertThat(quiet).hasSize(5);
    assertThat(quiet).extracting(LiveStatistics.Point::passages).containsOnly(0L);
    assertThat(live.network().outcomes()).isEmpty();

    // a late event from before the window leaves the window alone
    live.decided("G-RC-1", OPEN, ms(5));
    Instant late = now.get();
    now.set(T0);
    live.decided("G-RC-1", deny(DenyReason.NO_MATCH), ms(5));
    now.set(late);
    assertThat(live.network().outcomes()).containsOnlyKeys("OPEN");
  }

  @Test
  void latencyPercentilesFollowTheRecordedValues() {
    for (int i = 1; i <= 1_000; i++) {
      live.decided("G-BW-1", OPEN, Duration.ofMillis(1).plusNanos(i * 99_000L).toNanos());
    }
    LiveStatistics.Latency network = live.network().authority();
    assertThat(network.count()).isEqualTo(1_000);
    assertThat(network.p50()).isCloseTo(1 + 500 * 0.099, within(0.6));
    assertThat(network.p99()).isCloseTo(1 + 990 * 0.099, within(1.0));
    assertThat(network.max()).isCloseTo(100.0, within(1.0));
    LiveStatistics.Latency station = live.station("blue-west").orElseThrow().authority();
    assertThat(station.p50()).isCloseTo(50.5, within(5.5));
    assertThat(station.p99()).isCloseTo(99.0, within(10.0));
    assertThat(live.network().points().getFirst().p99Ms()).isCloseTo(99.0, within(1.0));
    assertThat(live.network().gate().count()).isZero();
  }

  @Test
  void gateEventsGiveTurnstileStateLastContactAndGateSideLatency() {
    live.gateEvent("G-BE-1", new GateEvent.Feedback("Please step closer"));
    assertThat(status("G-BE-1").lastSeen()).contains(T0);
    assertThat(status("G-BE-1").lastOutcome()).isEmpty();

    now.set(T0.plusSeconds(5));
    live.gateEvent("G-BE-1", new GateEvent.Decided(OPEN, Duration.ofMillis(80)));
    live.decided("G-BE-1", OPEN, ms(3));
    live.gateEvent("G-BE-1", new GateEvent.TurnstileMoved(Turnstile.Transition.OPENED));
    assertThat(status("G-BE-1").turnstile()).contains(Turnstile.State.OPEN);
    live.gateEvent("G-BE-1", new GateEvent.TurnstileMoved(Turnstile.Transition.PASSED));
    assertThat(status("G-BE-1").turnstile()).contains(Turnstile.State.PASSED);
    live.gateEvent("G-BE-1", new GateEvent.TurnstileMoved(Turnstile.Transition.NONE));
    assertThat(status("G-BE-1").turnstile()).contains(Turnstile.State.PASSED);
    now.set(T0.plusSeconds(9));
    live.gateEvent("G-BE-1", new GateEvent.TurnstileMoved(Turnstile.Transition.CLOSED));
    assertThat(status("G-BE-1").turnstile()).contains(Turnstile.State.CLOSED);
    assertThat(status("G-BE-1").lastOutcome()).contains("OPEN");
    assertThat(status("G-BE-1").lastSeen()).contains(T0.plusSeconds(9));

    live.gateEvent("G-BE-1", new GateEvent.Unavailable("deadline", Duration.ofSeconds(2)));
    live.gateEvent("nobody's gate", new GateEvent.Unavailable("deadline", Duration.ofSeconds(2)));
    assertThat(live.network().gate().count()).isEqualTo(1);
    assertThat(live.network().gate().p50()).isCloseTo(80, within(1.0));
    assertThat(live.network().outcomes()).containsEntry("UNAVAILABLE", 1L);
    assertThat(live.station("blue-east").orElseThrow().outcomes())
        .containsEntry("UNAVAILABLE", 1L)
        .containsEntry("OPEN", 1L);
    assertThat(live.network().passages()).isEqualTo(1);
  }

  @Test
  void concurrentDecisionsAreAllCountedWhileSnapshotsAreTaken() throws Exception {
    List<String> gates = NETWORK.gates().stream().map(g -> g.id()).toList();
    int threads = 6;
    int each = 4_000;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        work.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < each; i++) {
                    String gate = gates.get((seed + i) % gates.size());
                    live.decided(
                        gate, i % 3 == 0 ? deny(DenyReason.NO_MATCH) : OPEN, ms(1 + i % 7));
                    live.gateEvent(gate, new GateEvent.TurnstileMoved(Turnstile.Transition.OPENED));
                  }
                  return null;
                }));
      }
      Future<Long> reader =
          pool.submit(
              () -> {
                go.await();
                long seen = 0;
                for (int i = 0; i < 200; i++) {
                  long n = live.network().passages();
                  assertThat(n).isGreaterThanOrEqualTo(seen);
                  seen = n;
                  live.gates();
                }
                return seen;
              });
      go.countDown();
      for (Future<?> f : work) {
        f.get();
      }
      reader.get();
    } finally {
      pool.shutdownNow();
    }
    long total = (long) threads * each;
    LiveStatistics.Snapshot network = live.network();
    assertThat(network.passages()).isEqualTo(total);
    assertThat(network.outcomes().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(total);
    assertThat(network.authority().count()).isEqualTo(total);
    long byStation =
        NETWORK.stations().stream()
            .mapToLong(s -> live.station(s.id()).orElseThrow().passages())
            .sum();
    assertThat(byStation).isEqualTo(total);
    assertThat(live.gates())
        .allSatisfy(g -> assertThat(g.turnstile()).contains(Turnstile.State.OPEN));
  }

  @ParameterizedTest
  @CsvSource({"PT0.5S, 10", "PT1.5S, 10", "PT1M, 1", "PT1M, 1441"})
  void badWindowSettingsAreRefused(Duration bucket, int buckets) {
    assertThatThrownBy(() -> new LiveSettings(bucket, buckets))
        .isInstanceOf(IllegalArgumentException.class);
  }

  LiveStatistics.GateStatus status(String gate) {
    return live.gates().stream().filter(g -> g.gateId().equals(gate)).findFirst().orElseThrow();
  }
}
