package org.facefare.fares.policy;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;

/**
 * A concession profile (adult, student, pensioner): a percentage off every fare (100 is free) and,
 * optionally, caps of its own instead of the version's.
 *
 * @param id the profile id riders carry, e.g. {@code student}
 * @param discountPercent 0 to 100
 * @param caps caps replacing the version's for this profile, if any
 */
public record Concession(String id, int discountPercent, Optional<Caps> caps) {

  /** Checks the fields. */
  public Concession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(caps, "caps");
    if (discountPercent < 0 || discountPercent > 100) {
      throw new IllegalArgumentException(
          "concession " + id + ": discount must be 0 to 100 percent, not " + discountPercent);
    }
  }

  /** Whether the profile rides free. */
  public boolean free() {
    return discountPercent == 100;
  }

  /**
   * {@code fare} less the discount, rounded down to the minor unit (in the rider's favour); exact
   * for any amount.
   */
  public Money apply(Money fare) {
    if (discountPercent == 0) {
      return fare;
    }
    long keep = 100 - discountPercent;
    long minor =
        Math.abs(fare.minor()) <= Long.MAX_VALUE / 100
            ? Math.floorDiv(fare.minor() * keep, 100)
            : BigInteger.valueOf(fare.minor())
                .multiply(BigInteger.valueOf(keep))
                .divide(BigInteger.valueOf(100))
                .longValueExact();
    return new Money(minor, fare.currency());
  }
}
