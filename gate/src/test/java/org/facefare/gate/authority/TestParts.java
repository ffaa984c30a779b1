package org.facefare.gate.authority;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.face.Template;

/** Small in-memory implementations of the fare authority's ports, for tests. */
public final class TestParts {

  /** The model the test gallery serves. */
  public static final String MODEL = "faceapi-resnet";

  private TestParts() {}

  /** An exact-scan open-set matcher over a handful of riders. */
  public static final class SmallGallery implements RiderMatcher {
    public final Map<String, Template> riders = new LinkedHashMap<>();
    public final AtomicInteger calls = new AtomicInteger();
    private final double threshold;
    private final double margin;

    /** A gallery with threshold 0.9 and margin 0.05. */
    public SmallGallery() {
      this(0.9, 0.05);
    }

    /** A gallery with the given open-set threshold and margin. */
    public SmallGallery(double threshold, double margin) {
      this.threshold = threshold;
      this.margin = margin;
    }

    @Override
    public Identification identify(Template probe) {
      calls.incrementAndGet();
      if (!probe.modelId().equals(MODEL)) {
        throw new IllegalArgumentException("model " + probe.modelId() + " is not " + MODEL);
      }
      String best = null;
      double first = -1;
      double second = -1;
      for (var e : riders.entrySet()) {
        double s = probe.cosine(e.getValue());
        if (s > first) {
          second = first;
          first = s;
          best = e.getKey();
        } else if (s > second) {
          second = s;
        }
      }
      if (first < threshold) {
        return new Identification.NoMatch();
      }
      return first - second < margin
          ? new Identification.Ambiguous()
          : new Identification.Match(best, first);
    }
  }

  /** Wallets with balances, idempotent by request id. */
  public static final class Wallets implements FareCharger {
    public final Map<String, Long> balance = new HashMap<>();
    public final Map<UUID, FareCharger.ChargeOutcome> done = new HashMap<>();
    public final AtomicInteger charges = new AtomicInteger();

    @Override
    public synchronized FareCharger.ChargeOutcome charge(
        UUID id, String rider, String gate, Instant at) {
      return done.computeIfAbsent(
          id,
          k -> {
            long b = balance.getOrDefault(rider, 0L);
            if (b < 6_200) {
              return new FareCharger.ChargeOutcome.InsufficientFunds();
            }
            charges.incrementAndGet();
            balance.put(rider, b - 6_200);
            return new FareCharger.ChargeOutcome.Charged(
                at, 6_200, "RUB", List.of("base fare 62.00 RUB"));
          });
    }
  }

  /** A log idempotent by request id. */
  public static final class Log implements IdentificationLog {
    public final List<Identification> entries = new ArrayList<>();
    public final Map<UUID, Long> byRequest = new HashMap<>();

    @Override
    public synchronized long append(Identification identification) {
      return byRequest.computeIfAbsent(
          identification.requestId(),
          k -> {
            entries.add(identification);
            return (long) entries.size() - 1;
          });
    }
  }
}
