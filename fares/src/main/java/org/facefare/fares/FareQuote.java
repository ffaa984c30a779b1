package org.facefare.fares;

import java.util.List;
import java.util.Objects;

/**
 * The price of one entry and why: the amount to charge and the rules that applied, in order, as a
 * receipt shows them.
 *
 * @param amount what to charge; never negative
 * @param policyVersion the id of the fare-policy version that priced the entry
 * @param explanation the rules that applied and why, e.g. {@code "capped: daily cap 230.00 RUB
 *     reached"}
 */
public record FareQuote(Money amount, String policyVersion, List<String> explanation) {

  /** Checks the fields. */
  public FareQuote {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(policyVersion, "policyVersion");
    explanation = List.copyOf(explanation);
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a fare is never negative: " + amount);
    }
  }
}
