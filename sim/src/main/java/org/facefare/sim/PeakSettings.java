package org.facefare.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The knobs of a simulated morning peak: when, how many passages, who makes them, and the seed.
 *
 * @param start the simulated instant the peak window opens
 * @param length how long the window lasts
 * @param busiestAfter when, after {@code start}, arrivals are densest
 * @param spread the standard deviation of arrival times around the busiest moment
 * @param passages how many passages in the window
 * @param enrolledRiders how many real enrolled riders there are (indices {@code 0..n-1})
 * @param unenrolledPeople how many real unenrolled people there are
 * @param syntheticRiders how many synthetic riders there are
 * @param enrolledShare the share of passages made by real enrolled riders
 * @param unenrolledShare the share made by unenrolled people (the rest is the synthetic crowd)
 * @param seed the random seed: the same settings give the same peak
 */
public record PeakSettings(
    Instant start,
    Duration length,
    Duration busiestAfter,
    Duration spread,
    int passages,
    int enrolledRiders,
    int unenrolledPeople,
    int syntheticRiders,
    double enrolledShare,
    double unenrolledShare,
    long seed) {

  /** Checks the settings. */
  public PeakSettings {
    Objects.requireNonNull(start, "start");
    positive(length, "length");
    positive(spread, "spread");
    Objects.requireNonNull(busiestAfter, "busiestAfter");
    if (busiestAfter.isNegative() || busiestAfter.compareTo(length) > 0) {
      throw new IllegalArgumentException("the busiest moment must lie inside the window");
    }
    if (passages < 0) {
      throw new IllegalArgumentException("passages must not be negative: " + passages);
    }
    if (enrolledRiders < 0 || unenrolledPeople < 0 || syntheticRiders < 0) {
      throw new IllegalArgumentException("population counts must not be negative");
    }
    share(enrolledShare, "enrolled share");
    share(unenrolledShare, "unenrolled share");
    if (enrolledShare + unenrolledShare > 1 + 1e-12) {
      throw new IllegalArgumentException(
          "enrolled and unenrolled shares add up to more than 1: "
              + (enrolledShare + unenrolledShare));
    }
    if (enrolledShare > 0 && enrolledRiders == 0
        || unenrolledShare > 0 && unenrolledPeople == 0
        || enrolledShare + unenrolledShare < 1 && syntheticRiders == 0 && passages > 0) {
      throw new IllegalArgumentException(
          "a share of passages is given to a group with nobody in it: enrolled "
              + enrolledRiders
              + ", unenrolled "
              + unenrolledPeople
              + ", synthetic "
              + syntheticRiders);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void share(double s, String name) {
    if (!(s >= 0 && s <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], not " + s);
    }
  }
}
