package org.facefare.fares.wallet;

import java.util.Objects;

/** What a payment provider answered to a {@link PaymentRequest}. */
public sealed interface PaymentOutcome {

  /**
   * The money was taken.
   *
   * @param reference the provider's reference for the payment
   */
  record Approved(String reference) implements PaymentOutcome {

    /** Checks the field. */
    public Approved {
      Objects.requireNonNull(reference, "reference");
    }
  }

  /**
   * The provider refused.
   *
   * @param reference the provider's reference for the refusal
   * @param reason why, as the provider says it
   */
  record Declined(String reference, String reason) implements PaymentOutcome {

    /** Checks the fields. */
    public Declined {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * No answer came in time: whether money was taken is unknown until the same key is asked again.
   *
   * @param detail what timed out
   */
  record TimedOut(String detail) implements PaymentOutcome {

    /** Checks the field. */
    public TimedOut {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
