package org.facefare.fares.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.facefare.fares.Money;
import org.facefare.fares.network.Mode;

/**
 * A time-of-day price: on its days, from {@code from} (inclusive) until {@code until} (exclusive)
 * local time in the network's zone, a journey that starts on one of its modes costs its fare
 * instead of the base fare.
 *
 * @param name shown on receipts, e.g. {@code peak}
 * @param days the days of the week (of the local calendar date, not the service date) it applies
 * @param from local start time, inclusive
 * @param until local end time, exclusive; after {@code from}
 * @param fares the fare by mode; modes it does not name keep their base fare
 */
public record TimeBand(
    String name, Set<DayOfWeek> days, LocalTime from, LocalTime until, Map<Mode, Money> fares) {

  /** Checks the fields. */
  public TimeBand {
    Objects.requireNonNull(name, "name");
    days = Set.copyOf(days);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    fares = Map.copyOf(fares);
    if (!from.isBefore(until)) {
      throw new IllegalArgumentException("time band " + name + ": from must be before until");
    }
  }

  /** The band's fare for {@code mode} at local {@code day} and {@code time}, if it applies. */
  public Optional<Money> fare(Mode mode, DayOfWeek day, LocalTime time) {
    if (!days.contains(day) || time.isBefore(from) || !time.isBefore(until)) {
      return Optional.empty();
    }
    return Optional.ofNullable(fares.get(mode));
  }
}
