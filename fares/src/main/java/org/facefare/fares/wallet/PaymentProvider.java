package org.facefare.fares.wallet;

/**
 * A card payment service that takes money for wallet top-ups; it answers a repeated {@link
 * PaymentRequest#key()} as it answered the first time, so that a retried top-up is never taken
 * twice.
 */
public interface PaymentProvider {

  /** Asks the provider to take the payment; never throws for a refusal or a timeout. */
  PaymentOutcome authorize(PaymentRequest request);
}
