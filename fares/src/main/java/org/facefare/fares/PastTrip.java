package org.facefare.fares;

import java.util.Objects;

/**
 * An entry that was already priced and charged: the history the ledger hands back to the fare
 * engine.
 *
 * @param entry the entry
 * @param charged what the rider was charged for it (zero for a free transfer or a capped ride)
 */
public record PastTrip(Entry entry, Money charged) {

  /** Checks the fields. */
  public PastTrip {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(charged, "charged");
  }
}
