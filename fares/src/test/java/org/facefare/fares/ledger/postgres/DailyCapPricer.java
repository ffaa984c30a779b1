package org.facefare.fares.ledger.postgres;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;

/**
 * A small fare policy for the ledger's tests: a flat fare per entry, half for students, capped per
 * UTC day at the sum of the day's earlier charges, at a fixed set of gates.
 */
record DailyCapPricer(Money fare, Money dailyCap, Set<String> gates) implements FarePricer {

  static DailyCapPricer rub(long fare, long cap) {
    return new DailyCapPricer(
        Money.of(fare, "RUB"), Money.of(cap, "RUB"), Set.of("G1", "G2", "G3", "G-slow"));
  }

  @Override
  public Instant historyFrom(Instant at) {
    return at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
  }

  @Override
  public FareQuote quote(String concessionProfile, List<PastTrip> history, Entry entry) {
    if (!gates.contains(entry.gateId())) {
      throw new IllegalArgumentException("unknown gate " + entry.gateId());
    }
    Money base =
        switch (concessionProfile) {
          case "adult" -> fare;
          case "student" -> new Money(fare.minor() / 2, fare.currency());
          default -> throw new IllegalArgumentException("unknown profile " + concessionProfile);
        };
    Instant from = historyFrom(entry.at());
    Money today = Money.zero(fare.currency());
    for (PastTrip t : history) {
      if (t.entry().at().isAfter(entry.at())) {
        throw new IllegalArgumentException("a history trip after the entry");
      }
      if (!t.entry().at().isBefore(from)) {
        today = today.plus(t.charged());
      }
    }
    Money room = dailyCap.minus(today).max(Money.zero(fare.currency()));
    List<String> why = new ArrayList<>();
    why.add("flat fare " + base + " (" + concessionProfile + ")");
    Money amount = base.min(room);
    if (amount.compareTo(base) < 0) {
      why.add("capped: daily cap " + dailyCap + " reached");
    }
    return new FareQuote(amount, "test-1", why);
  }
}
