package org.facefare.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;

/**
 * The fare engine the ledger benchmarks price with, and the gates and concession profiles they draw
 * entries from: the one point to change to benchmark another engine.
 *
 * @param description what prices, for the figures
 * @param pricer the engine
 * @param currency the fares' currency
 * @param gates the gates entries pass through
 * @param profiles the concession profiles riders hold
 */
record LedgerPricing(
    String description,
    FarePricer pricer,
    Currency currency,
    List<String> gates,
    List<String> profiles) {

  /**
   * A flat fare of 62.00 RUB (students half) with a daily cap of 230.00 and a monthly cap of
   * 3,500.00 RUB per UTC day and calendar month, at 1,500 gates: its history lookups reach back to
   * the start of the month, as a monthly cap's do.
   */
  static LedgerPricing flatWithCaps() {
    List<String> gates =
        IntStream.range(0, 1_500).mapToObj(i -> String.format("gate-%04d", i)).toList();
    return new LedgerPricing(
        "flat 62.00 RUB, daily cap 230.00, monthly cap 3500.00 (bench pricer)",
        new FlatCapPricer(Set.copyOf(gates)),
        Currency.getInstance("RUB"),
        gates,
        List.of("adult", "adult", "adult", "adult", "student"));
  }

  /** Flat fare with daily and monthly caps over UTC days and months. */
  private record FlatCapPricer(Set<String> gates) implements FarePricer {

    private static final Money FARE = Money.of(6_200, "RUB");
    private static final Money DAY_CAP = Money.of(23_000, "RUB");
    private static final Money MONTH_CAP = Money.of(350_000, "RUB");

    @Override
    public Instant historyFrom(Instant at) {
      return at.atOffset(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }

    @Override
    public FareQuote quote(String profile, List<PastTrip> history, Entry entry) {
      if (!gates.contains(entry.gateId())) {
        throw new IllegalArgumentException("unknown gate " + entry.gateId());
      }
      Money base =
          switch (profile) {
            case "adult" -> FARE;
            case "student" -> Money.of(FARE.minor() / 2, "RUB");
            default -> throw new IllegalArgumentException("unknown concession profile " + profile);
          };
      Instant day = entry.at().truncatedTo(ChronoUnit.DAYS);
      Instant month = historyFrom(entry.at());
      Money today = Money.zero(FARE.currency());
      Money thisMonth = Money.zero(FARE.currency());
      for (PastTrip t : history) {
        if (t.entry().at().isAfter(entry.at())) {
          throw new IllegalArgumentException("a history trip after the entry");
        }
        if (!t.entry().at().isBefore(month)) {
          thisMonth = thisMonth.plus(t.charged());
          if (!t.entry().at().isBefore(day)) {
            today = today.plus(t.charged());
          }
        }
      }
      Money zero = Money.zero(FARE.currency());
      Money amount =
          base.min(DAY_CAP.minus(today).max(zero)).min(MONTH_CAP.minus(thisMonth).max(zero));
      List<String> why = new ArrayList<>();
      why.add("flat fare " + base + " (" + profile + ")");
      if (amount.compareTo(base) < 0) {
        why.add(
            DAY_CAP.minus(today).compareTo(MONTH_CAP.minus(thisMonth)) <= 0
                ? "capped: daily cap " + DAY_CAP + " reached"
                : "capped: monthly cap " + MONTH_CAP + " reached");
      }
      return new FareQuote(amount, "bench-flat-1", why);
    }
  }

  /** The gate list as one line, for logs. */
  String summary() {
    return description
        + "; "
        + gates.size()
        + " gates; profiles "
        + profiles.stream().distinct().collect(Collectors.joining(", "));
  }
}
