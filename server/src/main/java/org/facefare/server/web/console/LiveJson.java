package org.facefare.server.web.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facefare.server.live.LiveStatistics;

/**
 * The live page's server-sent event: one scope's window as the columns uPlot plots (times in epoch
 * seconds, passages, opened, p50 and p99 latency), the outcome counts and the window's percentiles.
 * Aggregates only: nothing in it names a rider.
 */
final class LiveJson {

  private LiveJson() {}

  static Map<String, Object> of(LiveStatistics.Snapshot s) {
    List<Long> t = new ArrayList<>();
    List<Long> passages = new ArrayList<>();
    List<Long> opened = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (LiveStatistics.Point p : s.points()) {
      t.add(p.start().getEpochSecond());
      passages.add(p.passages());
      opened.add(p.opened());
      p50.add(p.p50Ms());
      p99.add(p.p99Ms());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scope", s.scope());
    m.put("at", s.at().toString());
    m.put("bucketSeconds", s.bucket().toSeconds());
    m.put("passages", s.passages());
    m.put("t", t);
    m.put("perBucket", passages);
    m.put("opened", opened);
    m.put("p50", p50);
    m.put("p99", p99);
    m.put("outcomes", s.outcomes());
    m.put("authority", latency(s.authority()));
    m.put("gate", latency(s.gate()));
    return m;
  }

  private static Map<String, Object> latency(LiveStatistics.Latency l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", l.count());
    m.put("p50", l.p50());
    m.put("p90", l.p90());
    m.put("p99", l.p99());
    m.put("max", l.max());
    return m;
  }
}
