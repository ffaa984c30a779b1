package org.facefare.fares.ledger;

import java.util.Objects;
import org.facefare.fares.Money;
import org.facefare.fares.wallet.RiderId;

/**
 * A rider's request to add money to the wallet from a card.
 *
 * @param key the idempotency key: a retry carries the same key and is credited at most once
 * @param rider the rider
 * @param amount what to add, positive, in the wallet's currency
 * @param cardToken the payment provider's token for the card
 */
public record TopUpRequest(String key, RiderId rider, Money amount, String cardToken) {

  /** Checks the fields. */
  public TopUpRequest {
    Keys.check("top-up key", key);
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(cardToken, "cardToken");
  }
}
