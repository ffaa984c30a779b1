package org.facefare.fares.ledger;

import java.time.Instant;
import java.util.Objects;
import org.facefare.fares.Money;

/**
 * An anonymous aggregate of trips: how many entries one station had in one hour, charged and
 * denied, and the fares charged; never a rider.
 *
 * @param station the station's id
 * @param hour the start of the hour (UTC)
 * @param charged entries charged (including free ones)
 * @param denied entries refused
 * @param fares the sum of the fares charged
 */
public record HourlyTrips(String station, Instant hour, long charged, long denied, Money fares) {

  /** Checks the fields. */
  public HourlyTrips {
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(fares, "fares");
    if (charged < 0 || denied < 0) {
      throw new IllegalArgumentException("counts are never negative");
    }
  }
}
