package org.facefare.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates a morning peak: passages through gates, in time order, reproducible from a seed.
 *
 * <p>Arrival times follow a normal bump around the busiest moment, truncated to the window (a
 * metro's morning demand curve is close to a single peak; e.g. Moscow's 08:00–09:00). A passage's
 * station is drawn in proportion to its demand weight and its gate uniformly among the station's
 * gates (the alias method would be faster; a binary search over the cumulative weights is fast
 * enough for millions of passages). Who walks up is drawn from the three groups by their shares.
 */
public final class MorningPeak {

  private MorningPeak() {}

  /**
   * The passages of one peak.
   *
   * @throws IllegalArgumentException if there are passages to place and no gates
   */
  public static List<Passage> schedule(PeakSettings settings, List<GateSite> sites) {
    Objects.requireNonNull(settings, "settings");
    if (settings.passages() > 0 && sites.isEmpty()) {
      throw new IllegalArgumentException("a peak with passages needs at least one gate");
    }
    List<GateSite> gates = List.copyOf(sites);
    double[] cumulative = cumulativeGateWeights(gates);
    SplittableRandom random = new SplittableRandom(settings.seed());
    long lengthNanos = settings.length().toNanos();
    double centre = settings.busiestAfter().toNanos();
    double spread = settings.spread().toNanos();
    List<Passage> out = new ArrayList<>(settings.passages());
    for (int i = 0; i < settings.passages(); i++) {
      long offset;
      do {
        offset = Math.round(centre + gaussian(random) * spread);
      } while (offset < 0 || offset >= lengthNanos);
      GateSite gate =
          gates.get(pick(cumulative, random.nextDouble() * cumulative[cumulative.length - 1]));
      out.add(
          new Passage(
              settings.start().plus(Duration.ofNanos(offset)),
              gate.gateId(),
              traveller(settings, random)));
    }
    out.sort(Comparator.comparing(Passage::at));
    return out;
  }

  private static Traveller traveller(PeakSettings s, SplittableRandom random) {
    double u = random.nextDouble();
    if (u < s.enrolledShare()) {
      return new Traveller.Enrolled(random.nextInt(s.enrolledRiders()));
    }
    if (u < s.enrolledShare() + s.unenrolledShare()) {
      return new Traveller.Unenrolled(random.nextInt(s.unenrolledPeople()));
    }
    return new Traveller.Synthetic(random.nextInt(s.syntheticRiders()));
  }

  /** Each gate gets its station's weight divided by the station's gate count. */
  private static double[] cumulativeGateWeights(List<GateSite> gates) {
    java.util.Map<String, Integer> perStation = new java.util.HashMap<>();
    for (GateSite g : gates) {
      perStation.merge(g.stationId(), 1, Integer::sum);
    }
    double[] cumulative = new double[gates.size()];
    double sum = 0;
    for (int i = 0; i < gates.size(); i++) {
      GateSite g = gates.get(i);
      sum += g.weight() / perStation.get(g.stationId());
      cumulative[i] = sum;
    }
    return cumulative;
  }

  private static int pick(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** A standard normal draw (Marsaglia's polar method). */
  private static double gaussian(SplittableRandom random) {
    double u;
    double v;
    double s;
    do {
      u = random.nextDouble() * 2 - 1;
      v = random.nextDouble() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
