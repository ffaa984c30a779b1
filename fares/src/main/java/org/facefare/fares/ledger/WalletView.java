package org.facefare.fares.ledger;

import java.util.Objects;
import org.facefare.fares.Money;
import org.facefare.fares.wallet.RiderId;

/**
 * A rider's wallet as the ledger holds it now.
 *
 * @param rider the rider's pseudonym
 * @param concessionProfile the fare policy's concession profile id, e.g. {@code "adult"}
 * @param balance the balance, in the wallet's currency
 */
public record WalletView(RiderId rider, String concessionProfile, Money balance) {

  /** Checks the fields. */
  public WalletView {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(concessionProfile, "concessionProfile");
    Objects.requireNonNull(balance, "balance");
  }
}
