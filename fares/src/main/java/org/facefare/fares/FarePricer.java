package org.facefare.fares;

import java.time.Instant;
import java.util.List;

/**
 * Prices an entry from the rider's concession profile and trip history: a pure function, the
 * contract between the fare engine and the ledger.
 *
 * <p>The ledger calls it inside the rider's serialised charge transaction: it loads the rider's
 * trips since {@link #historyFrom(Instant)}, asks for a {@link #quote}, and records the result.
 */
public interface FarePricer {

  /**
   * The earliest instant whose trips can affect the price of an entry at {@code at}: the start of
   * the longest cap period or transfer window that contains it.
   */
  Instant historyFrom(Instant at);

  /**
   * The price of {@code entry}.
   *
   * @param concessionProfile the rider's concession profile id as the policy names it (e.g. {@code
   *     "adult"}, {@code "student"})
   * @param history the rider's trips since {@link #historyFrom(Instant)} of the entry's instant, in
   *     any order
   * @param entry the entry to price
   * @throws IllegalArgumentException for an unknown gate or concession profile, or a history trip
   *     after the entry
   */
  FareQuote quote(String concessionProfile, List<PastTrip> history, Entry entry);
}
