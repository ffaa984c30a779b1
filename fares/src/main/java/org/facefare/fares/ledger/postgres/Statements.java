package org.facefare.fares.ledger.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.ledger.StatementItem;
import org.facefare.fares.ledger.StatementItem.AdjustmentKind;
import org.facefare.fares.wallet.RiderId;
import org.jdbi.v3.core.Handle;

/**
 * One rider's statement in SQL: their charges, top-ups and adjustments, merged newest first with
 * keyset paging on (time, item), each branch read through an index on the rider's wallet.
 */
final class Statements {

  private Statements() {}

  private static final String MICROS = "timestamptz 'epoch' + %s * interval '1 microsecond'";

  private static final String CHARGES =
      "SELECT c.at, 'c:' || c.request_id AS item, c.gate_id, c.charged AS ok, c.amount,"
          + " c.balance_after, c.policy_version, c.explanation, c.denial AS why, NULL::text AS ref,"
          + " NULL::text AS original, NULL::text AS kind FROM fares.charge c"
          + " WHERE c.wallet_id = :w AND %s c.charged AND c.at >= (%s) AND c.at <= (%s)";

  private static final String SQL =
      "SELECT s.at, s.item, s.gate_id, s.ok, s.amount, s.balance_after, s.policy_version,"
          + " s.explanation, s.why, s.ref, s.original, s.kind FROM ("
          + CHARGES.formatted("", "%1$s", "%2$s")
          + " UNION ALL "
          + CHARGES.formatted("NOT", "%1$s", "%2$s")
          + " UNION ALL SELECT t.recorded_at, 't:' || t.key, NULL, t.approved, t.amount,"
          + " t.balance_after, NULL, NULL, t.reason, t.provider_ref, NULL, NULL FROM fares.top_up t"
          + " WHERE t.wallet_id = :w AND t.recorded_at >= (%1$s) AND t.recorded_at <= (%2$s)"
          + " UNION ALL SELECT a.recorded_at, 'a:' || a.key, NULL, true, a.amount, a.balance_after,"
          + " NULL, NULL, a.reason, NULL, coalesce(c.request_id, t.key), a.kind"
          + " FROM fares.adjustment a LEFT JOIN fares.charge c ON c.entry_id = a.original"
          + " LEFT JOIN fares.top_up t ON t.entry_id = a.original"
          + " WHERE a.wallet_id = :w AND a.recorded_at >= (%1$s) AND a.recorded_at <= (%2$s)"
          + ") AS s WHERE s.at < (%2$s) OR (s.at = (%2$s) AND s.item COLLATE \"C\" < :item)"
          + " ORDER BY s.at DESC, s.item COLLATE \"C\" DESC LIMIT :n";

  private static final String QUERY =
      SQL.formatted(MICROS.formatted(":from"), MICROS.formatted(":to"));

  static RiderStatement page(
      Handle h, RiderId rider, Instant from, StatementCursor after, int limit) {
    WalletRow w =
        WalletRow.find(h, rider, false)
            .orElseThrow(() -> PostgresLedger.unknownRider(rider.value()));
    List<StatementItem> items = new ArrayList<>();
    h.createQuery(QUERY)
        .bind("w", w.id())
        .bind("from", ChargeBatch.epochMicros(ChargeBatch.micros(from)))
        .bind("to", ChargeBatch.epochMicros(after.at()))
        .bind("item", after.item())
        .bind("n", limit + 1)
        .map((rs, ctx) -> item(rs, w))
        .forEach(items::add);
    Optional<StatementCursor> next = Optional.empty();
    if (items.size() > limit) {
      items.remove(limit);
      next = Optional.of(items.get(limit - 1).cursor());
    }
    return new RiderStatement(rider, w.money(w.balance()), items, next);
  }

  private static StatementItem item(ResultSet rs, WalletRow w) throws SQLException {
    Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
    String item = rs.getString(2);
    String key = item.substring(2);
    Money amount = w.money(rs.getLong(5));
    return switch (item.charAt(0)) {
      case 'c' ->
          new StatementItem.Trip(
              key,
              rs.getString(3),
              at,
              rs.getBoolean(4),
              new FareQuote(amount, rs.getString(7), List.of((String[]) rs.getArray(8).getArray())),
              w.money(rs.getLong(6)),
              Optional.ofNullable(rs.getString(9)));
      case 't' -> {
        long after = rs.getLong(6);
        Optional<Money> balance = rs.wasNull() ? Optional.empty() : Optional.of(w.money(after));
        yield new StatementItem.TopUp(
            key, at, amount, rs.getString(10), Optional.ofNullable(rs.getString(9)), balance);
      }
      case 'a' ->
          new StatementItem.Adjusted(
              key,
              at,
              "refund".equals(rs.getString(12))
                  ? AdjustmentKind.REFUND
                  : AdjustmentKind.TOP_UP_REVERSAL,
              amount,
              w.money(rs.getLong(6)),
              rs.getString(9),
              Optional.ofNullable(rs.getString(11)));
      default -> throw new IllegalStateException("unknown statement item " + item);
    };
  }
}
