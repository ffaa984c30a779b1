package org.facefare.server.web.console;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.engine.ServiceCalendar;
import org.facefare.fares.network.Mode;
import org.facefare.fares.policy.Caps;
import org.facefare.fares.policy.Concession;
import org.facefare.fares.policy.FarePolicy;
import org.facefare.fares.policy.PolicyVersion;
import org.facefare.fares.policy.TimeBand;
import org.facefare.fares.policy.TransferRule;

/**
 * The fare policy as the console shows it: each version with whether it is past, current or
 * scheduled on today's service day, and its fares, bands, transfer rule, caps and concessions as
 * display text.
 *
 * @param id the policy's id
 * @param currency its currency code
 * @param serviceDayStart when a service day begins, e.g. {@code 04:30}
 * @param today today's service day in the network's time zone
 * @param versions the versions, scheduled ones first then current then past
 */
public record PolicyView(
    String id, String currency, String serviceDayStart, LocalDate today, List<Version> versions) {

  /** Where a version stands on today's service day. */
  public enum Status {
    /** It starts on a later day. */
    SCHEDULED,
    /** It prices today. */
    CURRENT,
    /** It ended. */
    PAST
  }

  /**
   * One version.
   *
   * @param id the version id receipts carry
   * @param status where it stands today
   * @param from its first service day
   * @param until its first day out of effect, if it ends
   * @param fares the base fare per mode ("metro: 62.00 RUB")
   * @param bands the time bands ("peak Mon–Fri 07:00–10:00: metro 70.00 RUB")
   * @param transfer the transfer rule, if any
   * @param caps the default caps
   * @param concessions the concessions, by id
   */
  public record Version(
      String id,
      Status status,
      LocalDate from,
      Optional<LocalDate> until,
      List<String> fares,
      List<String> bands,
      Optional<TransferRule> transfer,
      Caps caps,
      List<Concession> concessions) {}

  /** The modes a transfer rule limits, as document keys. */
  public static String modes(TransferRule rule) {
    return String.join(", ", rule.limitedModes().stream().map(Mode::key).sorted().toList());
  }

  /** The view of {@code policy} on the service day of {@code now} in {@code calendar}. */
  public static PolicyView of(FarePolicy policy, ServiceCalendar calendar, Instant now) {
    LocalDate today = calendar.serviceDate(now);
    List<Version> versions = new ArrayList<>();
    for (PolicyVersion v : policy.versions()) {
      Status status =
          v.inEffectOn(today)
              ? Status.CURRENT
              : v.effectiveFrom().isAfter(today) ? Status.SCHEDULED : Status.PAST;
      versions.add(
          new Version(
              v.id(),
              status,
              v.effectiveFrom(),
              v.effectiveUntil(),
              fares(v.fares()),
              v.timeBands().stream().map(PolicyView::band).toList(),
              v.transfer(),
              v.caps(),
              v.concessions().values().stream()
                  .sorted(Comparator.comparing(Concession::id))
                  .toList()));
    }
    versions.sort(
        Comparator.comparing(Version::status)
            .thenComparing(Version::from, Comparator.reverseOrder()));
    return new PolicyView(
        policy.id(),
        policy.currency().getCurrencyCode(),
        policy.serviceDayStart().toString(),
        today,
        versions);
  }

  private static List<String> fares(Map<Mode, Money> fares) {
    return fares.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().key() + ": " + e.getValue())
        .toList();
  }

  private static String band(TimeBand b) {
    return b.name()
        + " "
        + b.days().stream().sorted().map(d -> d.name().substring(0, 3)).toList()
        + " "
        + b.from()
        + "–"
        + b.until()
        + ": "
        + String.join(", ", fares(b.fares()));
  }
}
