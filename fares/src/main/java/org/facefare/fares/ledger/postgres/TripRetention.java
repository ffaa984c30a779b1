package org.facefare.fares.ledger.postgres;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.HourlyTrips;
import org.jdbi.v3.core.Handle;

/**
 * Retention of trips in SQL: the charge rows entered before the cutoff are deleted (except the
 * charge of an open dispute, kept until it is decided so that an approval can refund it) and, in
 * the same statement, counted per gate and hour; the counts are then added per station to {@code
 * fares.trip_hourly}. Disputes decided before the cutoff go too (they name their trip's gate and
 * time). The deletion names its cutoff in {@code fares.forget_before}, the only setting under which
 * the charge and dispute tables' triggers let a row go (V2 and V22 migrations).
 */
final class TripRetention {

  private TripRetention() {}

  /** One group of counts, keyed by station, hour and currency. */
  private record Key(String station, Instant hour, String currency) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = hour.compareTo(o.hour);
      if (c == 0) {
        c = station.compareTo(o.station);
      }
      return c == 0 ? currency.compareTo(o.currency) : c;
    }
  }

  /** Counts to add. */
  private static final class Counts {
    long charged;
    long denied;
    long fares;
  }

  private static final String GROUPS =
      " SELECT g.gate_id, date_trunc('hour', g.at, 'UTC'), w.currency,"
          + " count(*) FILTER (WHERE g.charged), count(*) FILTER (WHERE NOT g.charged),"
          + " coalesce(sum(g.amount) FILTER (WHERE g.charged), 0)"
          + " FROM %s g JOIN fares.wallet w ON w.id = g.wallet_id %s GROUP BY 1, 2, 3";

  static long forget(Handle h, Instant cutoff, UnaryOperator<String> stationOfGate) {
    String at = cutoff.toString();
    h.createQuery("SELECT set_config('fares.forget_before', :c, true)")
        .bind("c", at)
        .mapTo(String.class)
        .one();
    Map<Key, Counts> counts = new TreeMap<>();
    h.createQuery(
            "WITH gone AS (DELETE FROM fares.charge c WHERE c.at < CAST(:c AS timestamptz)"
                + " AND NOT EXISTS (SELECT 1 FROM fares.dispute d"
                + " WHERE d.request_id = c.request_id AND d.state = 'open')"
                + " RETURNING c.wallet_id, c.gate_id, c.at, c.charged, c.amount)"
                + GROUPS.formatted("gone", ""))
        .bind("c", at)
        .map((rs, ctx) -> add(rs, counts, stationOfGate))
        .list();
    h.createUpdate("DELETE FROM fares.dispute WHERE state <> 'open' AND decided_at < :c")
        .bind("c", cutoff.atOffset(java.time.ZoneOffset.UTC))
        .execute();
    h.createQuery("SELECT set_config('fares.forget_before', '', true)").mapTo(String.class).one();
    long deleted = 0;
    List<String> stations = new ArrayList<>();
    List<OffsetDateTime> hours = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    List<Long> charged = new ArrayList<>();
    List<Long> denied = new ArrayList<>();
    List<Long> fares = new ArrayList<>();
    for (Map.Entry<Key, Counts> e : counts.entrySet()) {
      stations.add(e.getKey().station());
      hours.add(e.getKey().hour().atOffset(java.time.ZoneOffset.UTC));
      currencies.add(e.getKey().currency());
      charged.add(e.getValue().charged);
      denied.add(e.getValue().denied);
      fares.add(e.getValue().fares);
      deleted += e.getValue().charged + e.getValue().denied;
    }
    if (!stations.isEmpty()) {
      h.createUpdate(
              "INSERT INTO fares.trip_hourly AS t (station, hour, currency, charged, denied, fares)"
                  + " SELECT * FROM unnest(:s::text[], :h::timestamptz[], :c::text[], :n::bigint[],"
                  + " :d::bigint[], :f::bigint[]) ON CONFLICT (station, hour, currency) DO UPDATE"
                  + " SET charged = t.charged + EXCLUDED.charged, denied = t.denied +"
                  + " EXCLUDED.denied, fares = t.fares + EXCLUDED.fares")
          .bindArray("s", String.class, stations)
          .bindArray("h", OffsetDateTime.class, hours)
          .bindArray("c", String.class, currencies)
          .bindArray("n", Long.class, charged)
          .bindArray("d", Long.class, denied)
          .bindArray("f", Long.class, fares)
          .execute();
    }
    return deleted;
  }

  static List<HourlyTrips> hourly(
      Handle h, Instant from, Instant to, UnaryOperator<String> stationOfGate) {
    Map<Key, Counts> counts = new TreeMap<>();
    h.createQuery(
            "SELECT station, hour, currency, charged, denied, fares FROM fares.trip_hourly"
                + " WHERE hour >= :from AND hour < :to")
        .bind("from", from.atOffset(java.time.ZoneOffset.UTC))
        .bind("to", to.atOffset(java.time.ZoneOffset.UTC))
        .map((rs, ctx) -> add(rs, counts, UnaryOperator.identity()))
        .list();
    h.createQuery(GROUPS.formatted("fares.charge", "WHERE g.at >= :from AND g.at < :to"))
        .bind("from", from.atOffset(java.time.ZoneOffset.UTC))
        .bind("to", to.atOffset(java.time.ZoneOffset.UTC))
        .map((rs, ctx) -> add(rs, counts, stationOfGate))
        .list();
    List<HourlyTrips> out = new ArrayList<>();
    counts.forEach(
        (k, c) ->
            out.add(
                new HourlyTrips(
                    k.station(),
                    k.hour(),
                    c.charged,
                    c.denied,
                    new Money(c.fares, Currency.getInstance(k.currency())))));
    return out;
  }

  private static int add(
      java.sql.ResultSet rs, Map<Key, Counts> counts, UnaryOperator<String> stationOfGate)
      throws java.sql.SQLException {
    Key key =
        new Key(
            stationOfGate.apply(rs.getString(1)),
            rs.getObject(2, OffsetDateTime.class).toInstant(),
            rs.getString(3).strip());
    Counts c = counts.computeIfAbsent(key, k -> new Counts());
    c.charged = Math.addExact(c.charged, rs.getLong(4));
    c.denied = Math.addExact(c.denied, rs.getLong(5));
    c.fares = Math.addExact(c.fares, rs.getLong(6));
    return 0;
  }
}
