package org.facefare.server.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.AbstractHistogram;

/**
 * One scope's sliding window (the network's or a station's): a ring of buckets, each with its
 * outcome counts and latency histograms, recycled as time moves on. Guarded by its own monitor.
 */
final class Series {

  private final long bucketSeconds;
  private final Supplier<AbstractHistogram> histograms;
  private final long maxMicros;
  private final Bucket[] ring;
  private long passages;
  private long firstBucket = Long.MIN_VALUE;

  private final class Bucket {
    long index = Long.MIN_VALUE;
    final long[] counts = new long[Outcome.NAMES.size()];
    AbstractHistogram authority;
    AbstractHistogram gate;

    void reset(long newIndex) {
      index = newIndex;
      java.util.Arrays.fill(counts, 0);
      if (authority != null) {
        authority.reset();
      }
      if (gate != null) {
        gate.reset();
      }
    }

    AbstractHistogram authority() {
      if (authority == null) {
        authority = histograms.get();
      }
      return authority;
    }

    AbstractHistogram gate() {
      if (gate == null) {
        gate = histograms.get();
      }
      return gate;
    }
  }

  /**
   * A series.
   *
   * @param histograms makes an empty latency histogram (in microseconds)
   */
  Series(LiveSettings settings, Supplier<AbstractHistogram> histograms) {
    this.bucketSeconds = settings.bucket().toSeconds();
    this.histograms = histograms;
    this.maxMicros = histograms.get().getHighestTrackableValue();
    this.ring = new Bucket[settings.buckets()];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Bucket();
    }
  }

  synchronized void decided(Instant at, int outcome, long nanos) {
    passages++;
    Bucket b = bucket(at);
    if (b != null) {
      b.counts[outcome]++;
      b.authority().recordValue(micros(nanos));
    }
  }

  synchronized void gateDecided(Instant at, long nanos) {
    Bucket b = bucket(at);
    if (b != null) {
      b.gate().recordValue(micros(nanos));
    }
  }

  synchronized void unavailable(Instant at) {
    Bucket b = bucket(at);
    if (b != null) {
      b.counts[Outcome.UNAVAILABLE]++;
    }
  }

  /** The window up to {@code now}, from its first bucket with data (so the charts grow). */
  synchronized LiveStatistics.Snapshot snapshot(String scope, Instant now, java.time.Duration len) {
    long current = index(now);
    long from = Math.max(current - ring.length + 1, firstBucket);
    List<LiveStatistics.Point> points = new ArrayList<>();
    long[] totals = new long[Outcome.NAMES.size()];
    AbstractHistogram authority = histograms.get();
    AbstractHistogram gate = histograms.get();
    for (long i = from; i <= current && firstBucket != Long.MIN_VALUE; i++) {
      Bucket b = ring[slot(i)];
      boolean live = b.index == i;
      long n = 0;
      for (int o = 0; o < Outcome.UNAVAILABLE; o++) {
        n += live ? b.counts[o] : 0;
      }
      double p50 = 0;
      double p99 = 0;
      if (live) {
        for (int o = 0; o < totals.length; o++) {
          totals[o] += b.counts[o];
        }
        if (b.authority != null) {
          authority.add(b.authority);
          p50 = millis(b.authority, 50);
          p99 = millis(b.authority, 99);
        }
        if (b.gate != null) {
          gate.add(b.gate);
        }
      }
      points.add(
          new LiveStatistics.Point(
              Instant.ofEpochSecond(i * bucketSeconds),
              n,
              live ? b.counts[Outcome.OPEN] : 0,
              p50,
              p99));
    }
    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (int o = 0; o < totals.length; o++) {
      if (totals[o] > 0) {
        outcomes.put(Outcome.NAMES.get(o), totals[o]);
      }
    }
    return new LiveStatistics.Snapshot(
        scope, now, len, points, outcomes, latency(authority), latency(gate), passages);
  }

  /** The bucket of {@code at}, or null when {@code at} is older than the window. */
  private Bucket bucket(Instant at) {
    long i = index(at);
    Bucket b = ring[slot(i)];
    if (b.index > i) {
      return null;
    }
    if (firstBucket == Long.MIN_VALUE) {
      firstBucket = i;
    }
    if (b.index != i) {
      b.reset(i);
    }
    return b;
  }

  private long index(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), bucketSeconds);
  }

  private int slot(long index) {
    return (int) Math.floorMod(index, (long) ring.length);
  }

  private long micros(long nanos) {
    return Math.max(0, Math.min(maxMicros, nanos / 1_000));
  }

  private static double millis(AbstractHistogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1_000.0;
  }

  private static LiveStatistics.Latency latency(AbstractHistogram h) {
    return new LiveStatistics.Latency(
        h.getTotalCount(),
        millis(h, 50),
        millis(h, 90),
        millis(h, 99),
        h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1_000.0);
  }
}
