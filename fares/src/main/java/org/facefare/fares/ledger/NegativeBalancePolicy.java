package org.facefare.fares.ledger;

/** What the ledger does when a fare is more than the rider's balance. */
public enum NegativeBalancePolicy {
  /** Deny the entry; the balance never goes below zero. */
  DENY,
  /**
   * Let the rider through once, into a negative balance; while the balance is negative every entry
   * is denied until a top-up brings it back to zero or more.
   */
  ALLOW_ONE_RIDE
}
