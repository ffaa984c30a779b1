package org.facefare.fares.policy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facefare.fares.Money;
import org.facefare.fares.document.Document;
import org.facefare.fares.document.DocumentException;
import org.facefare.fares.network.Mode;

/**
 * Turns a schema-valid policy document into a {@link FarePolicy}, refusing every contradiction with
 * the line and field it is at; it reports all problems at once, not just the first.
 */
final class PolicyReader {

  private static final Pattern AMOUNT =
      Pattern.compile("(-?)([0-9]+)(?:\\.([0-9]+))?(?:\\s+([A-Za-z]{3}))?");

  /** When a version is in effect, as written, kept even when the rest of it has problems. */
  private record Interval(String id, int index, LocalDate from, Optional<LocalDate> until) {
    boolean contains(LocalDate day) {
      return !day.isBefore(from) && until.map(day::isBefore).orElse(true);
    }
  }

  private final Document document;
  private final List<DocumentException.Problem> problems = new ArrayList<>();
  private final List<Interval> intervals = new ArrayList<>();
  private Currency currency;

  private PolicyReader(Document document) {
    this.document = document;
  }

  static FarePolicy read(Document document) {
    return new PolicyReader(document).policy(document.bind(PolicyFile.class));
  }

  private FarePolicy policy(PolicyFile file) {
    try {
      currency = Currency.getInstance(file.currency());
    } catch (IllegalArgumentException e) {
      problem("unknown currency code '" + file.currency() + "' (ISO 4217)", "currency");
    }
    LocalTime dayStart = time(file.serviceDayStart(), "serviceDayStart").orElse(LocalTime.MIN);
    List<PolicyVersion> versions = new ArrayList<>();
    if (currency != null) {
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < file.versions().size(); i++) {
        PolicyFile.Version v = file.versions().get(i);
        if (!ids.add(v.id())) {
          problem("duplicate version id '" + v.id() + "'", "versions", i, "id");
        }
        version(v, i).ifPresent(versions::add);
      }
      overlaps();
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(DocumentException.Problem::line));
      throw new DocumentException(problems);
    }
    versions.sort(Comparator.comparing(PolicyVersion::effectiveFrom));
    return new FarePolicy(file.id(), currency, dayStart, versions);
  }

  private Optional<PolicyVersion> version(PolicyFile.Version v, int i) {
    int before = problems.size();
    Optional<LocalDate> from = date(v.effectiveFrom(), "versions", i, "effectiveFrom");
    Optional<LocalDate> until =
        v.effectiveUntil() == null
            ? Optional.empty()
            : date(v.effectiveUntil(), "versions", i, "effectiveUntil");
    if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) {
      problem(
          "effectiveUntil " + until.get() + " is not after effectiveFrom " + from.get(),
          "versions",
          i,
          "effectiveUntil");
    } else if (from.isPresent() && (v.effectiveUntil() == null || until.isPresent())) {
      intervals.add(new Interval(v.id(), i, from.get(), until));
    }
    Map<Mode, Money> fares = fares(v.fare(), v.fareByMode(), "versions", i);
    List<TimeBand> bands = new ArrayList<>();
    if (v.timeBands() != null) {
      for (int b = 0; b < v.timeBands().size(); b++) {
        band(v.timeBands().get(b), i, b).ifPresent(bands::add);
      }
      bandOverlaps(v.timeBands(), bands, i);
    }
    Optional<TransferRule> transfer = Optional.empty();
    if (v.transfer() != null) {
      Set<Mode> limited = modes(v.transfer().limitedModes(), "versions", i, "transfer");
      transfer =
          Optional.of(
              new TransferRule(
                  Duration.ofMinutes(v.transfer().windowMinutes()),
                  limited,
                  v.transfer().limitedEntries()));
    }
    Caps caps = caps(v.caps(), "versions", i, "caps");
    Map<String, Concession> concessions = new LinkedHashMap<>();
    for (Map.Entry<String, PolicyFile.Profile> p : v.concessions().entrySet()) {
      PolicyFile.Profile profile = p.getValue();
      Object[] path = {"versions", i, "concessions", p.getKey()};
      if (profile.free() != null && profile.discountPercent() != null) {
        problem("give either free or discountPercent, not both", append(path, "free"));
      }
      int percent =
          Boolean.TRUE.equals(profile.free())
              ? 100
              : profile.discountPercent() == null ? 0 : profile.discountPercent();
      Optional<Caps> own =
          profile.caps() == null
              ? Optional.empty()
              : Optional.of(caps(profile.caps(), append(path, "caps")));
      concessions.put(p.getKey(), new Concession(p.getKey(), percent, own));
    }
    if (!concessions.containsKey(PolicyVersion.ADULT)) {
      problem(
          "no '" + PolicyVersion.ADULT + "' profile: every version needs the default profile",
          "versions",
          i,
          "concessions");
    }
    if (problems.size() == before && from.isPresent()) {
      for (Concession concession : concessions.values()) {
        capsAgainstFares(concession, fares, bands, caps, i);
      }
    }
    checkNesting(caps, "versions", i, "caps");
    for (Concession concession : concessions.values()) {
      if (concession.caps().isPresent()) {
        checkNesting(
            concession.caps().get(), "versions", i, "concessions", concession.id(), "caps");
      }
    }
    if (problems.size() > before || from.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PolicyVersion(v.id(), from.get(), until, fares, bands, transfer, caps, concessions));
  }

  /** Each cap a profile is held to covers the dearest single fare it can pay. */
  private void capsAgainstFares(
      Concession concession,
      Map<Mode, Money> fares,
      List<TimeBand> bands,
      Caps versionCaps,
      int i) {
    boolean own = concession.caps().isPresent();
    Caps caps = concession.caps().orElse(versionCaps);
    Object[] path =
        own
            ? new Object[] {"versions", i, "concessions", concession.id(), "caps"}
            : new Object[] {"versions", i, "caps"};
    Money dearest = null;
    String what = null;
    for (Map.Entry<Mode, Money> fare : fares.entrySet()) {
      Money paid = concession.apply(fare.getValue());
      if (dearest == null || paid.compareTo(dearest) > 0) {
        dearest = paid;
        what = fare.getKey() + " base fare";
      }
    }
    for (TimeBand band : bands) {
      for (Map.Entry<Mode, Money> fare : band.fares().entrySet()) {
        Money paid = concession.apply(fare.getValue());
        if (dearest == null || paid.compareTo(dearest) > 0) {
          dearest = paid;
          what = fare.getKey() + " " + band.name() + " fare";
        }
      }
    }
    for (Caps.Period period : Caps.Period.values()) {
      Optional<Money> cap = caps.of(period);
      if (cap.isPresent() && dearest != null && cap.get().compareTo(dearest) < 0) {
        problem(
            period.adjective()
                + " cap "
                + cap.get()
                + " is below the "
                + what
                + " "
                + dearest
                + " that profile '"
                + concession.id()
                + "' pays",
            append(path, period.adjective()));
      }
    }
  }

  /** A shorter period's cap is never above a longer one's. */
  private void checkNesting(Caps caps, Object... path) {
    nest(caps, Caps.Period.DAY, Caps.Period.WEEK, path);
    nest(caps, Caps.Period.WEEK, Caps.Period.MONTH, path);
    if (caps.weekly().isEmpty()) {
      nest(caps, Caps.Period.DAY, Caps.Period.MONTH, path);
    }
  }

  private void nest(Caps caps, Caps.Period shorter, Caps.Period longer, Object[] path) {
    Optional<Money> small = caps.of(shorter);
    Optional<Money> large = caps.of(longer);
    if (small.isPresent() && large.isPresent() && small.get().compareTo(large.get()) > 0) {
      problem(
          shorter.adjective()
              + " cap "
              + small.get()
              + " is above the "
              + longer.adjective()
              + " cap "
              + large.get(),
          append(path, shorter.adjective()));
    }
  }

  private void overlaps() {
    for (int a = 0; a < intervals.size(); a++) {
      for (int b = a + 1; b < intervals.size(); b++) {
        Interval x = intervals.get(a);
        Interval y = intervals.get(b);
        LocalDate start = x.from().isAfter(y.from()) ? x.from() : y.from();
        if (x.contains(start) && y.contains(start)) {
          problem(
              "versions '"
                  + x.id()
                  + "' and '"
                  + y.id()
                  + "' are both in effect on "
                  + start
                  + " (two versions cannot price the same service day)",
              "versions",
              x.from().isAfter(y.from()) ? x.index() : y.index(),
              "effectiveFrom");
        }
      }
    }
  }

  private Optional<TimeBand> band(PolicyFile.Band band, int version, int index) {
    Object[] path = {"versions", version, "timeBands", index};
    int before = problems.size();
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (int d = 0; d < band.days().size(); d++) {
      try {
        days.add(DayOfWeek.valueOf(band.days().get(d).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problem("unknown day '" + band.days().get(d) + "'", append(path, "days", d));
      }
    }
    Optional<LocalTime> from = time(band.from(), append(path, "from"));
    Optional<LocalTime> until = time(band.until(), append(path, "until"));
    if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
      problem(
          "time band '" + band.name() + "' ends at " + until.get() + ", not after " + from.get(),
          append(path, "until"));
    }
    Map<Mode, Money> fares = fares(band.fare(), band.fareByMode(), path);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new TimeBand(band.name(), days, from.get(), until.get(), fares));
  }

  private void bandOverlaps(List<PolicyFile.Band> files, List<TimeBand> bands, int version) {
    if (bands.size() != files.size()) {
      return;
    }
    for (int a = 0; a < bands.size(); a++) {
      for (int b = a + 1; b < bands.size(); b++) {
        TimeBand x = bands.get(a);
        TimeBand y = bands.get(b);
        Set<DayOfWeek> days = EnumSet.copyOf(x.days());
        days.retainAll(y.days());
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        modes.addAll(x.fares().keySet());
        modes.retainAll(y.fares().keySet());
        if (!days.isEmpty()
            && !modes.isEmpty()
            && x.from().isBefore(y.until())
            && y.from().isBefore(x.until())) {
          problem(
              "time bands '"
                  + x.name()
                  + "' and '"
                  + y.name()
                  + "' overlap on "
                  + days.iterator().next().name().toLowerCase(Locale.ROOT)
                  + " for "
                  + modes.iterator().next(),
              "versions",
              version,
              "timeBands",
              b);
        }
      }
    }
  }

  private Map<Mode, Money> fares(String flat, Map<String, String> byMode, Object... path) {
    Map<Mode, Money> fares = new EnumMap<>(Mode.class);
    if (flat != null) {
      Optional<Money> fare = amount(flat, append(path, "fare"));
      fare.ifPresent(f -> EnumSet.allOf(Mode.class).forEach(m -> fares.put(m, f)));
    }
    if (byMode != null) {
      for (Map.Entry<String, String> e : byMode.entrySet()) {
        Object[] at = append(path, "fareByMode", e.getKey());
        Optional<Mode> mode = mode(e.getKey(), at);
        Optional<Money> fare = amount(e.getValue(), at);
        if (mode.isPresent() && fare.isPresent()) {
          fares.put(mode.get(), fare.get());
        }
      }
    }
    return fares;
  }

  private Set<Mode> modes(List<String> names, Object... path) {
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    for (int m = 0; m < names.size(); m++) {
      mode(names.get(m), append(path, "limitedModes", m)).ifPresent(modes::add);
    }
    return modes;
  }

  private Optional<Mode> mode(String name, Object... path) {
    try {
      return Optional.of(Mode.of(name));
    } catch (IllegalArgumentException e) {
      problem(e.getMessage(), path);
      return Optional.empty();
    }
  }

  private Caps caps(PolicyFile.CapsFile caps, Object... path) {
    if (caps == null) {
      return Caps.NONE;
    }
    return new Caps(
        caps.daily() == null ? Optional.empty() : amount(caps.daily(), append(path, "daily")),
        caps.weekly() == null ? Optional.empty() : amount(caps.weekly(), append(path, "weekly")),
        caps.monthly() == null
            ? Optional.empty()
            : amount(caps.monthly(), append(path, "monthly")));
  }

  /**
   * An amount in major units ({@code "62.00"}, {@code "62"}, {@code "62.00 RUB"}), exact to the
   * currency's minor unit, not negative, within a {@code long} of minor units, in the policy's
   * currency.
   */
  private Optional<Money> amount(String text, Object... path) {
    Matcher m = AMOUNT.matcher(text.strip());
    if (!m.matches()) {
      problem("'" + text + "' is not an amount like \"62.00\" or \"62.00 RUB\"", path);
      return Optional.empty();
    }
    if (m.group(4) != null && !m.group(4).equals(currency.getCurrencyCode())) {
      problem(
          "mixed currencies: "
              + text
              + " in a policy whose currency is "
              + currency.getCurrencyCode(),
          path);
      return Optional.empty();
    }
    if (!m.group(1).isEmpty()) {
      problem("negative amount " + text.strip() + ": fares and caps are never negative", path);
      return Optional.empty();
    }
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    String fraction = m.group(3) == null ? "" : m.group(3);
    if (fraction.length() > digits) {
      problem(
          "'"
              + text
              + "' has more decimals than "
              + currency.getCurrencyCode()
              + " has minor units ("
              + digits
              + ")",
          path);
      return Optional.empty();
    }
    try {
      long minor =
          new BigDecimal(m.group(2) + (fraction.isEmpty() ? "" : "." + fraction))
              .movePointRight(digits)
              .longValueExact();
      return Optional.of(new Money(minor, currency));
    } catch (ArithmeticException e) {
      problem("amount " + text.strip() + " overflows (more than 2^63 - 1 minor units)", path);
      return Optional.empty();
    }
  }

  private Optional<LocalDate> date(String text, Object... path) {
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      problem("'" + text + "' is not a date like 2026-01-01", path);
      return Optional.empty();
    }
  }

  private Optional<LocalTime> time(String text, Object... path) {
    try {
      return Optional.of(LocalTime.parse(text));
    } catch (DateTimeException e) {
      problem("'" + text + "' is not a local time like 04:30", path);
      return Optional.empty();
    }
  }

  private void problem(String message, Object... path) {
    problems.add(document.problem(message, path));
  }

  private static Object[] append(Object[] path, Object... more) {
    Object[] joined = new Object[path.length + more.length];
    System.arraycopy(path, 0, joined, 0, path.length);
    System.arraycopy(more, 0, joined, path.length, more.length);
    return joined;
  }
}
