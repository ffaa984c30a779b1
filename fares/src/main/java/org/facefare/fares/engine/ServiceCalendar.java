package org.facefare.fares.engine;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Service days in a network's zone: the day that begins at a local boundary time (e.g. 04:30) and
 * ends just before the next day's boundary, so a ride at 01:10 belongs to the previous date.
 *
 * <p>Service day {@code d} is the half-open interval {@code [start(d), start(d + 1))}, where {@code
 * start(d)} is the instant the zone's clocks first show the boundary time on {@code d} (if a DST
 * gap skips it, the first instant after the gap). A service day is therefore 23 or 25 hours long on
 * DST changes, and every instant belongs to exactly one service day. Weeks run from Monday's
 * service day to Sunday's; months from the service day dated the 1st.
 *
 * @param zone the network's time zone
 * @param dayStart the local time at which a service day begins
 */
public record ServiceCalendar(ZoneId zone, LocalTime dayStart) {

  /** Checks the fields. */
  public ServiceCalendar {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(dayStart, "dayStart");
  }

  /** The first instant of service day {@code day}. */
  public Instant start(LocalDate day) {
    return day.atTime(dayStart).atZone(zone).toInstant();
  }

  /** The service day {@code at} belongs to. */
  public LocalDate serviceDate(Instant at) {
    LocalDate local = LocalDate.ofInstant(at, zone);
    if (at.isBefore(start(local))) {
      return local.minusDays(1);
    }
    LocalDate next = local.plusDays(1);
    return at.isBefore(start(next)) ? local : next;
  }

  /** The Monday of {@code day}'s service week. */
  public static LocalDate weekOf(LocalDate day) {
    return day.minusDays(day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
  }

  /** The 1st of {@code day}'s service month. */
  public static LocalDate monthOf(LocalDate day) {
    return day.withDayOfMonth(1);
  }
}
