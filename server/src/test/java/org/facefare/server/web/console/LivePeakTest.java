package org.facefare.server.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.facefare.server.live.LiveSettings;
import org.facefare.server.live.LiveStatistics;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live statistics fed by the real fare authority of a whole system during a small peak. */
class LivePeakTest {

  @TempDir Path data;

  @Test
  void everyAuthorityDecisionReachesTheLiveStatistics() throws Exception {
    Clock clock = Clock.systemUTC();
    try (FaceFareSystem system =
        FaceFareSystem.builder(data)
            .clock(clock)
            .live(new LiveSettings(Duration.ofSeconds(1), 30))
            .open()) {
      try (LivePeak peak = new LivePeak(system, clock, 20, 3, Duration.ofMillis(20)).start()) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((system.live().network().points().size() < 3
                || system.live().network().outcomes().size() < 4)
            && System.nanoTime() < until) {
          Thread.sleep(100);
        }
      }
      LiveStatistics.Snapshot network = system.live().network();
      assertThat(network.points()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(network.outcomes())
          .containsKeys("OPEN", "NO_MATCH", "SPOOF_SUSPECTED", "INSUFFICIENT_FUNDS");
      assertThat(network.authority().count()).isPositive();
      assertThat(network.gate().count()).isPositive();
      String gate = system.network().gates().getFirst().id();
      String station = system.network().stationOfGate(gate).id();
      assertThat(system.live().station(station).orElseThrow().passages()).isPositive();
      assertThat(system.live().gates())
          .filteredOn(g -> g.gateId().equals(gate))
          .singleElement()
          .satisfies(
              g -> {
                assertThat(g.lastOutcome()).isPresent();
                assertThat(g.turnstile()).isPresent();
              });
    }
  }
}
