package org.facefare.fares.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.PastTrip;

/**
 * A rider who enters gates one after another, the way the ledger drives the pricer: each entry is
 * priced with the trips since {@link FarePricer#historyFrom}, then recorded.
 */
final class Rider {

  private final FarePricer pricer;
  private final String profile;
  private final List<PastTrip> trips = new ArrayList<>();

  Rider(FarePricer pricer, String profile) {
    this.pricer = pricer;
    this.profile = profile;
  }

  FareQuote enter(String gate, Instant at) {
    Entry entry = new Entry(gate, at);
    Instant from = pricer.historyFrom(at);
    List<PastTrip> history = new ArrayList<>();
    for (PastTrip trip : trips) {
      if (!trip.entry().at().isBefore(from)) {
        history.add(trip);
      }
    }
    FareQuote quote = pricer.quote(profile, history, entry);
    trips.add(new PastTrip(entry, quote.amount()));
    return quote;
  }

  List<PastTrip> trips() {
    return trips;
  }
}
