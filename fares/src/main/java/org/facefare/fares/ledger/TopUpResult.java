package org.facefare.fares.ledger;

import java.util.Objects;
import org.facefare.fares.Money;

/** The ledger's answer to a {@link TopUpRequest}. */
public sealed interface TopUpResult {

  /** The request's key. */
  String key();

  /**
   * The wallet was credited.
   *
   * @param key the top-up key
   * @param amount the amount credited
   * @param balanceAfter the balance right after the credit
   * @param providerReference the payment provider's reference
   * @param replayed whether an earlier attempt recorded this answer
   */
  record Credited(
      String key, Money amount, Money balanceAfter, String providerReference, boolean replayed)
      implements TopUpResult {

    /** Checks the fields. */
    public Credited {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(balanceAfter, "balanceAfter");
      Objects.requireNonNull(providerReference, "providerReference");
    }
  }

  /**
   * The payment provider declined; nothing was credited.
   *
   * @param key the top-up key
   * @param reason the provider's reason
   * @param replayed whether an earlier attempt recorded this answer
   */
  record Declined(String key, String reason, boolean replayed) implements TopUpResult {

    /** Checks the fields. */
    public Declined {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The payment provider did not answer; nothing was recorded, and the same key may be retried.
   *
   * @param key the top-up key
   * @param detail what timed out
   */
  record Pending(String key, String detail) implements TopUpResult {

    /** Checks the fields. */
    public Pending {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
