package org.facefare.fares.wallet;

import java.util.Objects;
import org.facefare.fares.Money;

/**
 * A request to a payment provider to take {@code amount} from a card for a top-up.
 *
 * @param key the top-up's idempotency key: a provider answers a repeated key as it did first
 * @param cardToken the provider's token for the rider's card (never a card number)
 * @param amount what to take; positive
 */
public record PaymentRequest(String key, String cardToken, Money amount) {

  /** Checks the fields. */
  public PaymentRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(cardToken, "cardToken");
    Objects.requireNonNull(amount, "amount");
    if (amount.minor() <= 0) {
      throw new IllegalArgumentException("a payment is positive, not " + amount);
    }
  }
}
