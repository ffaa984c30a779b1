package org.facefare.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The tally of a simulated peak: passages by outcome, false accepts and rejects, latency
 * percentiles and revenue. Thread-safe.
 *
 * <p>A false accept is a gate that opened for an unenrolled person or charged a different rider
 * than the one who walked up; a false reject is a genuine enrolled rider (real face) who was not
 * let through for a biometric reason (no match, ambiguous, low quality, suspected spoof). Synthetic
 * riders have no photo: their passages load the system and are counted apart. Latency (frame to
 * decision) is kept in an HdrHistogram (Tene) with three significant digits.
 */
public final class PeakReport {

  /** Who a passage was, for scoring. */
  public enum Kind {
    /** A real enrolled rider's face. */
    GENUINE,
    /** A real face that never enrolled. */
    IMPOSTOR,
    /** A synthetic crowd template. */
    SYNTHETIC
  }

  private final Map<String, Long> outcomes = new TreeMap<>();
  private final Map<Kind, Long> attempts = new TreeMap<>();
  private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private long passages;
  private long falseAccepts;
  private long falseRejects;
  private long revenueMinor;

  /**
   * Records one passage.
   *
   * @param kind who it was
   * @param outcome {@code "OPEN"}, a deny reason, or a gate-side outcome such as {@code
   *     "UNAVAILABLE"}
   * @param biometricRefusal whether the outcome is a biometric refusal (for false rejects)
   * @param wrongPerson whether the gate opened for someone other than the one who walked up
   * @param latencyNanos frame-to-decision latency, or a negative value when there was none
   * @param chargedMinor what was charged, in minor units
   */
  public synchronized void record(
      Kind kind,
      String outcome,
      boolean biometricRefusal,
      boolean wrongPerson,
      long latencyNanos,
      long chargedMinor) {
    passages++;
    outcomes.merge(outcome, 1L, Long::sum);
    attempts.merge(kind, 1L, Long::sum);
    boolean opened = "OPEN".equals(outcome);
    if (opened && (kind == Kind.IMPOSTOR || wrongPerson)) {
      falseAccepts++;
    }
    if (kind == Kind.GENUINE && biometricRefusal) {
      falseRejects++;
    }
    if (latencyNanos >= 0) {
      latencyMicros.recordValue(
          Math.min(latencyMicros.getHighestTrackableValue(), latencyNanos / 1_000));
    }
    revenueMinor = Math.addExact(revenueMinor, chargedMinor);
  }

  /** How many passages were recorded. */
  public synchronized long passages() {
    return passages;
  }

  /** How many false accepts were recorded. */
  public synchronized long falseAccepts() {
    return falseAccepts;
  }

  /** A latency percentile in milliseconds (0 when nothing was recorded). */
  public synchronized double latencyMs(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? 0
        : latencyMicros.getValueAtPercentile(percentile) / 1_000.0;
  }

  /** A one-line progress summary. */
  public synchronized String summary() {
    return String.format(
        "%,d passages · open %,d · FA %d · FR %d · p50 %.0f ms · p99 %.0f ms · revenue %,.2f",
        passages,
        outcomes.getOrDefault("OPEN", 0L),
        falseAccepts,
        falseRejects,
        latencyMs(50),
        latencyMs(99),
        revenueMinor / 100.0);
  }

  /**
   * The report as a JSON-ready map: {@code passages}, {@code outcomes}, {@code false_accepts},
   * {@code false_rejects}, {@code genuine_attempts}, {@code impostor_attempts}, {@code
   * synthetic_attempts}, {@code latency_ms} ({@code p50}, {@code p90}, {@code p99}, {@code max}),
   * {@code revenue} (minor units) and {@code currency}.
   */
  public synchronized Map<String, Object> toMap(String currency) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("passages", passages);
    m.put("outcomes", new LinkedHashMap<>(outcomes));
    m.put("false_accepts", falseAccepts);
    m.put("false_rejects", falseRejects);
    m.put("genuine_attempts", attempts.getOrDefault(Kind.GENUINE, 0L));
    m.put("impostor_attempts", attempts.getOrDefault(Kind.IMPOSTOR, 0L));
    m.put("synthetic_attempts", attempts.getOrDefault(Kind.SYNTHETIC, 0L));
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", latencyMs(50));
    latency.put("p90", latencyMs(90));
    latency.put("p99", latencyMs(99));
    latency.put(
        "max", latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1_000.0);
    m.put("latency_ms", latency);
    m.put("revenue", revenueMinor);
    m.put("currency", currency);
    return m;
  }
}
