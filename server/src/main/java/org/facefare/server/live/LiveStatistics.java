package org.facefare.server.live;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.facefare.fares.network.Gate;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.DecisionObserver;
import org.facefare.gate.edge.GateEvent;
import org.facefare.gate.edge.Turnstile;
import org.facefare.gate.protocol.GateDecision;

/**
 * The operator's live view of the network: passages per bucket, outcomes by reason and latency
 * percentiles over a sliding window, for the whole network and per station, and each gate's last
 * decision, last contact and turnstile state — aggregates only, never a rider. Thread-safe.
 *
 * <p>Design. It is fed by the fare authority's {@link DecisionObserver} (every decision, with the
 * authority's own latency) and by gates' {@link GateEvent}s (frame-to-decision latency, no answer
 * in time, turnstile moves). Each scope (the network, each station) keeps a ring of buckets of
 * {@link LiveSettings#bucket()} on the injected clock, recycled as time moves on, so memory is
 * fixed by the network's size and the window; a snapshot merges the live buckets. Latencies are
 * kept in HdrHistograms (Tene, "How NOT to measure latency"): 2 significant digits from 1 µs to a
 * minute for the network; 1 digit from 100 µs to 10 s with int counts for a station, about 1 KB a
 * bucket, so the sample metro's 324 stations keep an hour of one-minute buckets in some 20 MB while
 * a station's p99 is still within 10 %. Gate-side latency is kept for the network only. Requests
 * naming a gate outside the network (which the authority refuses) count for the network only, so
 * nobody can grow this state by inventing gate ids. Every scope has its own lock; a decision takes
 * the network's and its station's, one after the other.
 */
public final class LiveStatistics implements DecisionObserver {

  /**
   * Every outcome name a snapshot may count: {@code OPEN}, each deny reason, {@code UNAVAILABLE}.
   */
  public static final List<String> OUTCOMES = Outcome.NAMES;

  /**
   * One bucket of a scope's window.
   *
   * @param start the bucket's start
   * @param passages decisions in the bucket (attempts to pass)
   * @param opened how many opened the gate
   * @param p50Ms the authority's median latency in the bucket, in milliseconds (0 without data)
   * @param p99Ms the authority's 99th-percentile latency in the bucket
   */
  public record Point(Instant start, long passages, long opened, double p50Ms, double p99Ms) {}

  /**
   * Latency percentiles over the window, in milliseconds (all 0 when {@code count} is 0).
   *
   * @param count how many latencies were recorded
   * @param p50 the median
   * @param p90 the 90th percentile
   * @param p99 the 99th percentile
   * @param max the largest
   */
  public record Latency(long count, double p50, double p90, double p99, double max) {}

  /**
   * One scope's window as it stands.
   *
   * @param scope {@code "network"} or the station's id
   * @param at when it was taken
   * @param bucket the length of a point
   * @param points the window's buckets from its first with data, oldest first
   * @param outcomes the window's outcome counts by name ({@code OPEN}, a deny reason or {@code
   *     UNAVAILABLE}), only those that occurred
   * @param authority the authority's decision latency over the window
   * @param gate frame-to-decision latency at the gates over the window (from gate events; for the
   *     network only, all zero for a station)
   * @param passages every decision counted since the statistics started
   */
  public record Snapshot(
      String scope,
      Instant at,
      Duration bucket,
      List<Point> points,
      Map<String, Long> outcomes,
      Latency authority,
      Latency gate,
      long passages) {

    /** Copies the collections. */
    public Snapshot {
      points = List.copyOf(points);
      outcomes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outcomes));
    }
  }

  /**
   * A gate's live state.
   *
   * @param gateId the gate
   * @param stationId its station
   * @param lastOutcome the outcome of its last decision, if any
   * @param lastSeen when the gate was last heard of (a decision or an event), if ever
   * @param turnstile its turnstile's state, where the gate reports it
   */
  public record GateStatus(
      String gateId,
      String stationId,
      Optional<String> lastOutcome,
      Optional<Instant> lastSeen,
      Optional<Turnstile.State> turnstile) {}

  private record GateState(String outcome, Instant seen, Turnstile.State turnstile) {}

  private final Network network;
  private final InstantSource clock;
  private final LiveSettings settings;
  private final Series all;
  private final Map<String, Series> stations = new ConcurrentHashMap<>();
  private final Map<String, GateState> gates = new ConcurrentHashMap<>();

  /** Empty statistics of {@code network}, on {@code clock}. */
  public LiveStatistics(Network network, InstantSource clock, LiveSettings settings) {
    this.network = Objects.requireNonNull(network, "network");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.all = new Series(settings, LiveStatistics::networkHistogram);
  }

  /** A network latency histogram: microseconds, 1 µs to a minute, 2 significant digits. */
  private static AbstractHistogram networkHistogram() {
    return new Histogram(1, 60_000_000L, 2);
  }

  /** A station latency histogram: microseconds, 100 µs to 10 s, 1 significant digit, int counts. */
  private static AbstractHistogram stationHistogram() {
    return new IntCountsHistogram(100, 10_000_000L, 1);
  }

  /** The window's settings. */
  public LiveSettings settings() {
    return settings;
  }

  @Override
  public void decided(String gateId, GateDecision decision, long elapsedNanos) {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(decision, "decision");
    Instant now = clock.instant();
    int outcome = Outcome.of(decision);
    all.decided(now, outcome, elapsedNanos);
    stationOfGate(gateId)
        .ifPresent(
            s -> {
              s.decided(now, outcome, elapsedNanos);
              gates.merge(
                  gateId,
                  new GateState(Outcome.NAMES.get(outcome), now, null),
                  (old, in) -> new GateState(in.outcome(), now, old.turnstile()));
            });
  }

  /**
   * One event of a gate in the network (events of unknown gates are ignored).
   *
   * @param gateId the gate
   * @param event what it showed or did
   */
  public void gateEvent(String gateId, GateEvent event) {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(event, "event");
    Optional<Series> station = stationOfGate(gateId);
    if (station.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    switch (event) {
      case GateEvent.Decided d -> {
        all.gateDecided(now, d.latency().toNanos());
      }
      case GateEvent.Unavailable u -> {
        all.unavailable(now);
        station.get().unavailable(now);
      }
      case GateEvent.TurnstileMoved m -> {
        Turnstile.State state =
            switch (m.transition()) {
              case OPENED -> Turnstile.State.OPEN;
              case PASSED -> Turnstile.State.PASSED;
              case CLOSED, TIMED_OUT -> Turnstile.State.CLOSED;
              case NONE -> null;
            };
        gates.merge(
            gateId,
            new GateState(null, now, state),
            (old, in) ->
                new GateState(old.outcome(), now, state == null ? old.turnstile() : state));
        return;
      }
      case GateEvent.Feedback f -> {}
    }
    gates.merge(
        gateId,
        new GateState(null, now, null),
        (old, in) -> new GateState(old.outcome(), now, old.turnstile()));
  }

  /** The whole network's window. */
  public Snapshot network() {
    return all.snapshot("network", clock.instant(), settings.bucket());
  }

  /** A station's window (empty for a station outside the network). */
  public Optional<Snapshot> station(String stationId) {
    if (network.station(stationId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        stations
            .computeIfAbsent(
                stationId, id -> new Series(settings, LiveStatistics::stationHistogram))
            .snapshot(stationId, clock.instant(), settings.bucket()));
  }

  /** Every gate of the network with its live state, in the network's order. */
  public List<GateStatus> gates() {
    List<GateStatus> out = new ArrayList<>();
    for (Gate g : network.gates()) {
      out.add(status(g.id()));
    }
    return out;
  }

  private GateStatus status(String gateId) {
    GateState s = gates.get(gateId);
    String station = network.stationOfGate(gateId).id();
    return s == null
        ? new GateStatus(gateId, station, Optional.empty(), Optional.empty(), Optional.empty())
        : new GateStatus(
            gateId,
            station,
            Optional.ofNullable(s.outcome()),
            Optional.of(s.seen()),
            Optional.ofNullable(s.turnstile()));
  }

  private Optional<Series> stationOfGate(String gateId) {
    if (network.gate(gateId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        stations.computeIfAbsent(
            network.stationOfGate(gateId).id(),
            id -> new Series(settings, LiveStatistics::stationHistogram)));
  }
}
