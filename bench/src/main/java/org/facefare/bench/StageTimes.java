package org.facefare.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.facefare.gate.authority.DecisionObserver;
import org.facefare.gate.protocol.GateDecision;

/**
 * The authority's own time a decision, by stage (verification, the gallery's decision, the charge
 * with its log entry, the whole decision), recorded from its {@link DecisionObserver} between two
 * marks of a measured phase.
 *
 * <p>Rationale. The load's latency runs from a request's arrival to its answer; these times run
 * inside the authority, so the two together say where a decision waits: in a stage, or before and
 * after the authority (the network, Jetty's queue). A stage a decision did not reach (the charge of
 * one that matched nobody) is not recorded. Recorders keep the recording threads off a lock
 * (HdrHistogram's {@code Recorder}, Tene, "How NOT to measure latency").
 */
final class StageTimes implements DecisionObserver {

  private static final long MAX_NANOS = 60_000_000_000L;

  private final Recorder verify = new Recorder(MAX_NANOS, 2);
  private final Recorder match = new Recorder(MAX_NANOS, 2);
  private final Recorder charge = new Recorder(MAX_NANOS, 2);
  private final Recorder whole = new Recorder(MAX_NANOS, 2);

  @Override
  public void decided(String gateId, GateDecision decision, long elapsedNanos) {
    whole.recordValue(Math.min(elapsedNanos, MAX_NANOS));
  }

  @Override
  public void decided(String gateId, GateDecision decision, long elapsedNanos, Stages stages) {
    record(verify, stages.verifyNanos());
    record(match, stages.matchNanos());
    record(charge, stages.chargeNanos());
    decided(gateId, decision, elapsedNanos);
  }

  private static void record(Recorder r, long nanos) {
    if (nanos > 0) {
      r.recordValue(Math.min(nanos, MAX_NANOS));
    }
  }

  /** Forgets what was recorded so far: the start of a measured phase. */
  void mark() {
    verify.getIntervalHistogram();
    match.getIntervalHistogram();
    charge.getIntervalHistogram();
    whole.getIntervalHistogram();
  }

  /** What was recorded since the last {@link #mark}, as p50 / p99 / max ms and a count a stage. */
  ObjectNode sinceMark() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    put(o, "verify", verify.getIntervalHistogram());
    put(o, "gallery", match.getIntervalHistogram());
    put(o, "charge", charge.getIntervalHistogram());
    put(o, "decision", whole.getIntervalHistogram());
    return o;
  }

  private static void put(ObjectNode o, String stage, Histogram h) {
    ObjectNode s = o.putObject(stage);
    s.put("count", h.getTotalCount());
    s.put("p50_ms", millis(h.getValueAtPercentile(50)));
    s.put("p99_ms", millis(h.getValueAtPercentile(99)));
    s.put("max_ms", millis(h.getMaxValue()));
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
