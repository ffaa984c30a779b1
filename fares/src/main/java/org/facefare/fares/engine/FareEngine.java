package org.facefare.fares.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;
import org.facefare.fares.network.Line;
import org.facefare.fares.network.Mode;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.Caps;
import org.facefare.fares.policy.Concession;
import org.facefare.fares.policy.FarePolicy;
import org.facefare.fares.policy.PolicyVersion;
import org.facefare.fares.policy.TimeBand;
import org.facefare.fares.policy.TransferRule;

/**
 * The fare engine: prices an entry through a gate of a {@link Network} by a versioned {@link
 * FarePolicy}, from the rider's concession profile and trip history alone.
 *
 * <p>The algorithm, exactly (docs/fares.md says it with examples):
 *
 * <ol>
 *   <li>The entry's service day (in the network's zone, from the policy's boundary time) picks the
 *       policy version; the entry's gate picks the mode.
 *   <li>Journeys: the rider's trips of that service day and the entry, in order of time (ties by
 *       gate id, then charge: the order of equal-time events in the history does not matter), are
 *       grouped into journeys by the version's {@link TransferRule}. An entry is a transfer, and
 *       free, when it comes before the window has passed since its journey's first entry and, on a
 *       limited mode, the journey still has room for one; otherwise it starts a new journey.
 *       Journeys never cross the service-day boundary.
 *   <li>A journey's first entry pays the fare of its mode: the time band's, if one covers the local
 *       time, else the base fare; then the concession's discount, rounded down to the minor unit.
 *   <li>Caps: what the rider already paid in the service day, week and month (the recorded charges,
 *       whatever version made them) is subtracted from each of the profile's caps; the charge is
 *       the smallest of the fare and those remainders, never below zero.
 * </ol>
 *
 * <p>Why this shape: the transfer rule is Moscow's "90 minutes" fare (one metro or MCC entry and
 * unlimited surface transport within 90 minutes of the first validation), and the caps follow
 * pay-as-you-go capping as Transport for London runs it (a daily cap and a Monday-to-Sunday weekly
 * cap on what was actually paid, so a partly capped ride pays the remainder). Journeys are decided
 * by times and modes only, never by past charges, so a capped or free ride still opens a transfer
 * window, and they end at the service-day boundary so that the day's trips alone decide them: that
 * is what lets {@link #historyFrom} be the start of the longest cap period and nothing earlier.
 *
 * <p>The engine is a pure function of its inputs: no clock, no state, safe to share between
 * threads. A quote walks the history once and allocates little (the day's trips are sorted in a
 * small array); the ledger benchmark measures it.
 */
public final class FareEngine implements FarePricer {

  private static final Comparator<PastTrip> ORDER =
      Comparator.comparing((PastTrip t) -> t.entry().at())
          .thenComparing(t -> t.entry().gateId())
          .thenComparingLong(t -> t.charged().minor());

  private final Network network;
  private final FarePolicy policy;
  private final ServiceCalendar calendar;
  private final DateTimeFormatter clock;

  /**
   * An engine for {@code network} and {@code policy}.
   *
   * @throws IllegalArgumentException if a policy version has no fare for a mode the network runs
   */
  public FareEngine(Network network, FarePolicy policy) {
    this.network = Objects.requireNonNull(network, "network");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.calendar = new ServiceCalendar(network.timeZone(), policy.serviceDayStart());
    this.clock = DateTimeFormatter.ofPattern("HH:mm").withZone(network.timeZone());
    List<String> missing = new ArrayList<>();
    for (PolicyVersion version : policy.versions()) {
      for (Mode mode : network.modes()) {
        if (version.baseFare(mode).isEmpty()) {
          missing.add(
              "version "
                  + version.id()
                  + " has no fare for mode "
                  + mode
                  + " (run by "
                  + network.lines().stream()
                      .filter(l -> l.mode() == mode)
                      .map(Line::id)
                      .collect(Collectors.joining(", "))
                  + ")");
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "fare policy "
              + policy.id()
              + " does not price network "
              + network.id()
              + ": "
              + String.join("; ", missing));
    }
  }

  /** The service calendar the engine counts days, weeks and months by. */
  public ServiceCalendar calendar() {
    return calendar;
  }

  /** The start of the service week or service month of {@code at}, whichever is earlier. */
  @Override
  public Instant historyFrom(Instant at) {
    LocalDate day = calendar.serviceDate(at);
    LocalDate monday = ServiceCalendar.weekOf(day);
    LocalDate first = ServiceCalendar.monthOf(day);
    return calendar.start(monday.isBefore(first) ? monday : first);
  }

  @Override
  public FareQuote quote(String concessionProfile, List<PastTrip> history, Entry entry) {
    Objects.requireNonNull(concessionProfile, "concessionProfile");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(entry, "entry");
    Instant at = entry.at();
    Mode mode = network.modeOfGate(entry.gateId());
    LocalDate day = calendar.serviceDate(at);
    PolicyVersion version =
        policy
            .versionOn(day)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no version of fare policy "
                            + policy.id()
                            + " is in effect on service day "
                            + day));
    Concession concession =
        version
            .concession(concessionProfile)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown concession profile '"
                            + concessionProfile
                            + "' (fare policy "
                            + policy.id()
                            + " version "
                            + version.id()
                            + " has "
                            + new TreeSet<>(version.concessions().keySet())
                            + ")"));

    Instant dayStart = calendar.start(day);
    Instant weekStart = calendar.start(ServiceCalendar.weekOf(day));
    Instant monthStart = calendar.start(ServiceCalendar.monthOf(day));
    Instant from = weekStart.isBefore(monthStart) ? weekStart : monthStart;
    long paidDay = 0;
    long paidWeek = 0;
    long paidMonth = 0;
    PastTrip[] today = null;
    int count = 0;
    for (PastTrip trip : history) {
      Instant t = trip.entry().at();
      if (t.isAfter(at)) {
        throw new IllegalArgumentException(
            "history trip at " + t + " (gate " + trip.entry().gateId() + ") is after the entry");
      }
      Money charged = trip.charged();
      if (!charged.currency().equals(policy.currency())) {
        throw new IllegalArgumentException(
            "history trip at " + t + " was charged " + charged + ", not in " + policy.currency());
      }
      if (charged.isNegative()) {
        throw new IllegalArgumentException(
            "history trip at " + t + " has a negative charge " + charged);
      }
      if (t.isBefore(from)) {
        continue;
      }
      long minor = charged.minor();
      if (!t.isBefore(monthStart)) {
        paidMonth = Math.addExact(paidMonth, minor);
      }
      if (!t.isBefore(weekStart)) {
        paidWeek = Math.addExact(paidWeek, minor);
      }
      if (!t.isBefore(dayStart)) {
        paidDay = Math.addExact(paidDay, minor);
        if (today == null) {
          today = new PastTrip[history.size()];
        }
        today[count++] = trip;
      }
    }

    List<String> why = new ArrayList<>(4);
    Optional<TransferRule> transfer = version.transfer();
    if (transfer.isPresent() && count > 0) {
      Arrays.sort(today, 0, count, ORDER);
      TransferRule rule = transfer.get();
      Instant journeyStart = null;
      int limitedUsed = 0;
      for (int i = 0; i < count; i++) {
        Instant t = today[i].entry().at();
        Mode m = modeOfHistoryGate(today[i]);
        if (isTransfer(rule, journeyStart, limitedUsed, m, t)) {
          limitedUsed += rule.limits(m) ? 1 : 0;
        } else {
          journeyStart = t;
          limitedUsed = rule.limits(m) ? 1 : 0;
        }
      }
      if (isTransfer(rule, journeyStart, limitedUsed, mode, at)) {
        why.add(transferReason(rule, journeyStart, limitedUsed, mode));
        return new FareQuote(Money.zero(policy.currency()), version.id(), why);
      }
      why.add(newJourneyReason(rule, journeyStart, at));
    } else {
      why.add("new journey");
    }

    ZonedDateTime local = at.atZone(network.timeZone());
    Optional<TimeBand> band = version.band(mode, local.getDayOfWeek(), local.toLocalTime());
    Money fare;
    if (band.isPresent()) {
      TimeBand b = band.get();
      fare = b.fares().get(mode);
      why.add("fare: " + mode + " " + b.name() + " (" + b.from() + "–" + b.until() + ") " + fare);
    } else {
      fare = version.baseFare(mode).orElseThrow();
      why.add("fare: " + mode + " " + fare);
    }
    if (concession.free()) {
      why.add("concession " + concession.id() + ": rides free");
      return new FareQuote(Money.zero(policy.currency()), version.id(), why);
    }
    Money amount = concession.apply(fare);
    if (concession.discountPercent() > 0) {
      why.add(
          "concession "
              + concession.id()
              + ": "
              + concession.discountPercent()
              + "% off, "
              + amount);
    }
    Caps caps = version.capsFor(concession);
    Caps.Period bound = null;
    Money boundCap = null;
    long alreadyPaid = 0;
    for (Caps.Period period : Caps.Period.values()) {
      Optional<Money> cap = caps.of(period);
      if (cap.isEmpty()) {
        continue;
      }
      long paid =
          switch (period) {
            case DAY -> paidDay;
            case WEEK -> paidWeek;
            case MONTH -> paidMonth;
          };
      long remaining = Math.max(0, cap.get().minor() - paid);
      if (remaining < amount.minor()) {
        amount = new Money(remaining, policy.currency());
        bound = period;
        boundCap = cap.get();
        alreadyPaid = paid;
      }
    }
    if (bound != null) {
      why.add(
          amount.isZero()
              ? "capped: " + bound.adjective() + " cap " + boundCap + " reached"
              : "capped: "
                  + bound.adjective()
                  + " cap "
                  + boundCap
                  + ", "
                  + new Money(alreadyPaid, policy.currency())
                  + " already paid: "
                  + amount);
    }
    return new FareQuote(amount, version.id(), why);
  }

  private static boolean isTransfer(
      TransferRule rule, Instant journeyStart, int limitedUsed, Mode mode, Instant at) {
    return journeyStart != null
        && at.isBefore(journeyStart.plus(rule.window()))
        && (!rule.limits(mode) || limitedUsed < rule.limitedEntries());
  }

  private String transferReason(
      TransferRule rule, Instant journeyStart, int limitedUsed, Mode mode) {
    String base =
        "transfer: free, "
            + mode
            + " within "
            + rule.window().toMinutes()
            + " min of the journey's first entry at "
            + clock.format(journeyStart);
    if (!rule.limits(mode)) {
      return base;
    }
    return base
        + " ("
        + (limitedUsed + 1)
        + " of "
        + rule.limitedEntries()
        + " "
        + limited(rule)
        + " entries)";
  }

  private String newJourneyReason(TransferRule rule, Instant journeyStart, Instant at) {
    if (journeyStart == null) {
      return "new journey";
    }
    Duration since = Duration.between(journeyStart, at);
    if (!at.isBefore(journeyStart.plus(rule.window()))) {
      return "new journey: "
          + since.toMinutes()
          + " min after the last journey began at "
          + clock.format(journeyStart)
          + " (transfers within "
          + rule.window().toMinutes()
          + " min)";
    }
    return "new journey: the journey that began at "
        + clock.format(journeyStart)
        + " already holds "
        + rule.limitedEntries()
        + " "
        + limited(rule)
        + " "
        + (rule.limitedEntries() == 1 ? "entry" : "entries");
  }

  private static String limited(TransferRule rule) {
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    modes.addAll(rule.limitedModes());
    return modes.stream().map(Mode::key).collect(Collectors.joining("/"));
  }

  private Mode modeOfHistoryGate(PastTrip trip) {
    try {
      return network.modeOfGate(trip.entry().gateId());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "history trip at " + trip.entry().at() + ": " + e.getMessage(), e);
    }
  }
}
