package org.facefare.fares.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.wallet.RiderId;

/**
 * One page of one rider's statement: their trips, top-ups, refunds and reversals, newest first.
 *
 * @param rider the rider
 * @param balance the wallet's balance now
 * @param items the page's items, newest first
 * @param next where the next (older) page starts, if there are more items in the range
 */
public record RiderStatement(
    RiderId rider, Money balance, List<StatementItem> items, Optional<StatementCursor> next) {

  /** Checks and copies the fields. */
  public RiderStatement {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(next, "next");
    items = List.copyOf(items);
  }
}
