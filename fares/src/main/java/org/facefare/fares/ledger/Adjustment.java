package org.facefare.fares.ledger;

import java.util.Objects;
import org.facefare.fares.Money;

/**
 * A refund of a fare or a reversal of a disputed top-up, recorded as a new journal entry.
 *
 * @param key the adjustment's idempotency key
 * @param amount what moved back
 * @param balanceAfter the wallet's balance right after it
 * @param replayed whether an earlier attempt recorded it
 */
public record Adjustment(String key, Money amount, Money balanceAfter, boolean replayed) {

  /** Checks the fields. */
  public Adjustment {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(balanceAfter, "balanceAfter");
  }
}
