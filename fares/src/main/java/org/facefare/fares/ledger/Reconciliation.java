package org.facefare.fares.ledger;

import java.util.List;

/**
 * The outcome of reconciling the ledger: whether every maintained balance equals the sum of its
 * journal lines, every entry balances and every currency's accounts sum to zero.
 *
 * @param accounts accounts checked
 * @param entries journal entries checked
 * @param mismatches what did not hold, one line each (empty when the ledger reconciles)
 */
public record Reconciliation(long accounts, long entries, List<String> mismatches) {

  /** Copies the list. */
  public Reconciliation {
    mismatches = List.copyOf(mismatches);
  }

  /** Whether the ledger reconciles. */
  public boolean ok() {
    return mismatches.isEmpty();
  }
}
