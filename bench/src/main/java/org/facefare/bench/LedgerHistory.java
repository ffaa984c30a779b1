package org.facefare.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.facefare.fares.Entry;
import org.facefare.fares.FareQuote;
import org.facefare.fares.PastTrip;
import org.facefare.storage.Database;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads a realistic history into an empty ledger with COPY: riders' wallets, one opening top-up
 * each, and a month of trips priced by the benchmark's fare engine in time order, with their
 * journal entries and balances, so the next charge's cap lookup reads a real month.
 *
 * <p>Each rider rides on a day with a Poisson number of trips (mean {@code tripsPerDay}) at times
 * spread over 05:00–24:00 UTC. The COPY sessions run with {@code session_replication_role =
 * replica}, which skips the ledger's triggers and foreign-key checks for the bulk load (the
 * PostgreSQL manual's advice for loading data); the benchmark's reconciliation proves afterwards
 * that the loaded ledger balances.
 */
final class LedgerHistory {

  /** What was loaded. */
  record Loaded(long riders, long trips, long entries, Duration took) {}

  private static final long OPENING_TOP_UP = 500_000;

  private LedgerHistory() {}

  static Loaded load(
      Database db,
      LedgerPricing pricing,
      int riders,
      int days,
      double tripsPerDay,
      Instant end,
      long seed)
      throws SQLException {
    long t0 = System.nanoTime();
    String cur = pricing.currency().getCurrencyCode();
    long revenue;
    long clearing;
    long accountBase;
    long walletBase;
    long entryBase;
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      revenue =
          one(
              s,
              "SELECT id FROM fares.account WHERE kind = 'fare_revenue' AND currency = '"
                  + cur
                  + "'");
      clearing =
          one(
              s,
              "SELECT id FROM fares.account WHERE kind = 'payment_clearing' AND currency = '"
                  + cur
                  + "'");
      accountBase = one(s, "SELECT max(id) + 1 FROM fares.account");
      walletBase = one(s, "SELECT max(id) + 1 FROM fares.wallet");
      entryBase = one(s, "SELECT coalesce(max(id), 0) + 1 FROM fares.journal_entry");
    }
    Instant start = end.minus(Duration.ofDays(days));
    long entryId = entryBase;
    long trips = 0;
    long topUps = 0;
    long fares = 0;
    SplittableRandom random = new SplittableRandom(seed);
    List<Connection> connections = new ArrayList<>();
    try {
      Copy account = copy(db, connections, "account (id, kind, currency)");
      Copy balance = copy(db, connections, "balance (account_id, slot, amount)");
      Copy wallet =
          copy(
              db,
              connections,
              "wallet (id, rider, account_id, currency, concession_profile, opened_at)");
      Copy entry = copy(db, connections, "journal_entry (id, kind, currency, recorded_at)");
      Copy line = copy(db, connections, "journal_line (entry_id, line, account_id, amount)");
      Copy topUp =
          copy(
              db,
              connections,
              "top_up (key, wallet_id, amount, approved, provider_ref, balance_after, entry_id,"
                  + " recorded_at)");
      Copy charge =
          copy(
              db,
              connections,
              "charge (request_id, wallet_id, gate_id, at, charged, amount, balance_after,"
                  + " policy_version, explanation, entry_id, recorded_at)");
      String opened = start.minus(Duration.ofDays(1)).toString();
      List<PastTrip> history = new ArrayList<>();
      List<Instant> times = new ArrayList<>();
      for (int i = 0; i < riders; i++) {
        long acct = accountBase + i;
        long w = walletBase + i;
        String profile = pricing.profiles().get(random.nextInt(pricing.profiles().size()));
        account.row(acct, "rider_wallet", cur);
        wallet.row(w, "rider-" + i, acct, cur, profile, opened);
        long bal = OPENING_TOP_UP;
        entry.row(entryId, "top_up", cur, opened);
        line.row(entryId, 0, acct, OPENING_TOP_UP);
        line.row(entryId, 1, clearing, -OPENING_TOP_UP);
        topUp.row("opening-" + i, w, OPENING_TOP_UP, "t", "bench-opening", bal, entryId, opened);
        entryId++;
        topUps += OPENING_TOP_UP;

        history.clear();
        times.clear();
        for (int d = 0; d < days; d++) {
          int k = poisson(random, tripsPerDay);
          for (int j = 0; j < k; j++) {
            long second = 5 * 3600 + random.nextLong(19 * 3600);
            Instant at = start.plus(Duration.ofDays(d)).plusSeconds(second);
            if (at.isBefore(end)) {
              times.add(at);
            }
          }
        }
        times.sort(null);
        int n = 0;
        for (Instant at : times) {
          String gate = pricing.gates().get(random.nextInt(pricing.gates().size()));
          Entry e = new Entry(gate, at);
          Instant from = pricing.pricer().historyFrom(at);
          history.removeIf(t -> t.entry().at().isBefore(from));
          FareQuote q = pricing.pricer().quote(profile, history, e);
          long fare = q.amount().minor();
          bal -= fare;
          Object entryRef = "\\N";
          if (fare > 0) {
            entry.row(entryId, "fare", cur, at.toString());
            line.row(entryId, 0, acct, -fare);
            line.row(entryId, 1, revenue, fare);
            entryRef = entryId;
            entryId++;
            fares += fare;
          }
          charge.row(
              "h-" + i + "-" + n++,
              w,
              gate,
              at.toString(),
              "t",
              fare,
              bal,
              q.policyVersion(),
              arrayLiteral(q.explanation()),
              entryRef,
              at.toString());
          history.add(new PastTrip(e, q.amount()));
          trips++;
        }
        balance.row(acct, 0, bal);
      }
      for (Copy c : List.of(account, balance, wallet, entry, line, topUp, charge)) {
        c.end();
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "UPDATE fares.balance SET amount = amount + "
              + fares
              + " WHERE account_id = "
              + revenue
              + " AND slot = 0");
      s.execute(
          "UPDATE fares.balance SET amount = amount - "
              + topUps
              + " WHERE account_id = "
              + clearing
              + " AND slot = 0");
      for (String seq : List.of("account", "wallet", "journal_entry")) {
        s.execute(
            "SELECT setval(pg_get_serial_sequence('fares."
                + seq
                + "', 'id'), (SELECT max(id) FROM fares."
                + seq
                + "))");
      }
    }
    return new Loaded(riders, trips, entryId - entryBase, Duration.ofNanos(System.nanoTime() - t0));
  }

  private static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    double p = 1;
    int k = -1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > limit);
    return k;
  }

  private static long one(Statement s, String sql) throws SQLException {
    try (var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The PostgreSQL array literal of {@code items}. */
  static String arrayLiteral(List<String> items) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < items.size(); i++) {
      s.append(i > 0 ? "," : "")
          .append('"')
          .append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return s.append('}').toString();
  }

  private static Copy copy(Database db, List<Connection> connections, String target)
      throws SQLException {
    Connection c = db.dataSource().getConnection();
    connections.add(c);
    try (Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
    }
    CopyIn in =
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY fares." + target + " FROM STDIN");
    return new Copy(in);
  }

  /** One COPY stream in text format, buffered. */
  private static final class Copy {

    private final CopyIn in;
    private final StringBuilder buffer = new StringBuilder(1 << 20);

    Copy(CopyIn in) {
      this.in = in;
    }

    void row(Object... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          buffer.append('\t');
        }
        String v = values[i].toString();
        buffer.append(v.equals("\\N") ? v : escape(v));
      }
      buffer.append('\n');
      if (buffer.length() > (1 << 20)) {
        flush();
      }
    }

    void flush() throws SQLException {
      byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      buffer.setLength(0);
    }

    void end() throws SQLException {
      flush();
      in.endCopy();
    }

    private static String escape(String v) {
      if (v.indexOf('\\') < 0 && v.indexOf('\t') < 0 && v.indexOf('\n') < 0) {
        return v;
      }
      return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
  }
}
