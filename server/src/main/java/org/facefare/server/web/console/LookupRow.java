package org.facefare.server.web.console;

import java.time.ZoneId;
import org.facefare.fares.ledger.StatementItem;

/**
 * One line of a looked-up rider's statement as the console's lookup page shows it.
 *
 * @param at when, in the network's zone
 * @param kind the i18n key of what it was (trip, top-up, refund or reversal)
 * @param detail the gate, the top-up's reference or the adjustment's reason
 * @param amount the amount, as text
 * @param outcome the i18n key of how it ended (charged, denied, credited, declined)
 */
public record LookupRow(String at, String kind, String detail, String amount, String outcome) {

  /** The row of {@code item}. */
  public static LookupRow of(StatementItem item, ZoneId zone) {
    String at = ConsoleText.time(item.at(), zone);
    return switch (item) {
      case StatementItem.Trip t ->
          new LookupRow(
              at,
              "console.lookup.kind.trip",
              t.gateId(),
              t.amount().toString(),
              t.charged() ? "console.lookup.outcome.charged" : "console.lookup.outcome.denied");
      case StatementItem.TopUp u ->
          new LookupRow(
              at,
              "console.lookup.kind.topUp",
              u.providerReference(),
              u.amount().toString(),
              u.declineReason().isPresent()
                  ? "console.lookup.outcome.declined"
                  : "console.lookup.outcome.credited");
      case StatementItem.Adjusted a ->
          new LookupRow(
              at,
              "console.lookup.kind.adjusted",
              a.reason(),
              a.amount().toString(),
              "console.lookup.outcome.credited");
    };
  }
}
