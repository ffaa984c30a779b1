package org.facefare.fares.policy;

import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;

/**
 * The most a rider pays in a service day, a service week (Monday to Sunday) and a service month; an
 * absent cap does not limit.
 *
 * @param daily the cap per service day
 * @param weekly the cap per service week, Monday's service day to Sunday's
 * @param monthly the cap per calendar month of service days
 */
public record Caps(Optional<Money> daily, Optional<Money> weekly, Optional<Money> monthly) {

  /** No caps at all. */
  public static final Caps NONE = new Caps(Optional.empty(), Optional.empty(), Optional.empty());

  /** Checks the fields. */
  public Caps {
    Objects.requireNonNull(daily, "daily");
    Objects.requireNonNull(weekly, "weekly");
    Objects.requireNonNull(monthly, "monthly");
  }

  /** The cap for {@code period}, if there is one. */
  public Optional<Money> of(Period period) {
    return switch (period) {
      case DAY -> daily;
      case WEEK -> weekly;
      case MONTH -> monthly;
    };
  }

  /** A cap period. */
  public enum Period {
    /** A service day. */
    DAY("daily"),
    /** A service week, Monday to Sunday. */
    WEEK("weekly"),
    /** A calendar month of service days. */
    MONTH("monthly");

    private final String adjective;

    Period(String adjective) {
      this.adjective = adjective;
    }

    /** {@code daily}, {@code weekly} or {@code monthly}, as documents and receipts say it. */
    public String adjective() {
      return adjective;
    }
  }
}
