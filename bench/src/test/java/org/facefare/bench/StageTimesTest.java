package org.facefare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.facefare.gate.authority.DecisionObserver.Stages;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.junit.jupiter.api.Test;

/**
 * The authority bench's stage times: what was recorded since a mark, stages not reached left out.
 */
class StageTimesTest {

  private static final long MS = 1_000_000;
  private static final GateDecision NO_MATCH = new GateDecision.Deny(DenyReason.NO_MATCH);

  @Test
  void reportsWhatWasRecordedSinceTheMarkAndLeavesOutStagesNotReached() {
    StageTimes times = new StageTimes();
    times.decided("G1", NO_MATCH, 500 * MS, new Stages(400 * MS, 50 * MS, 0));
    times.mark();
    for (int i = 1; i <= 100; i++) {
      times.decided("G1", NO_MATCH, 10 * MS, new Stages(MS, i * MS / 10, i == 100 ? 0 : 8 * MS));
    }
    ObjectNode o = times.sinceMark();
    assertThat(o.path("decision").path("count").asLong()).isEqualTo(100);
    assertThat(o.path("decision").path("max_ms").asDouble()).isEqualTo(10.0, within());
    assertThat(o.path("verify").path("max_ms").asDouble())
        .as("the 400 ms before the mark is forgotten")
        .isEqualTo(1.0, within());
    assertThat(o.path("gallery").path("p50_ms").asDouble()).isEqualTo(5.0, within());
    assertThat(o.path("gallery").path("max_ms").asDouble()).isEqualTo(10.0, within());
    assertThat(o.path("charge").path("count").asLong())
        .as("one decision did not charge")
        .isEqualTo(99);
    assertThat(times.sinceMark().path("decision").path("count").asLong())
        .as("each report starts afresh")
        .isZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.1);
  }
}
