package org.facefare.fares.ledger.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.facefare.fares.Entry;
import org.facefare.fares.FarePricer;
import org.facefare.fares.FareQuote;
import org.facefare.fares.PastTrip;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerException.Reason;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.NegativeBalancePolicy;
import org.facefare.storage.TransactionTail;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;

/**
 * The work of one charge transaction: lock the riders' balances in wallet-id order, answer the
 * request ids already recorded, read the riders' histories, price each new entry in order, and
 * write the charges, their entries and balances with one statement per table.
 */
final class ChargeBatch {

  /**
   * Plans the batch's statements after the locks once per connection instead of once per batch.
   *
   * <p>Rationale. The driver prepares each statement on the server after a few uses, but PostgreSQL
   * then builds a custom plan on every execution while its estimate of a custom plan (for the
   * arrays of this batch's few rows) beats its generic plan's (for arrays of unknown length), which
   * with these statements it always does: perf on the charge writer's backend found a quarter to a
   * third of its CPU in {@code BuildCachedPlan} (PostgreSQL manual, {@code plan_cache_mode} and
   * "PREPARE"; the setting is PostgreSQL 12's, as is the write's {@code MATERIALIZED}). The generic
   * plans of the records' read, the write and the transparency log's statements are the same index
   * look-ups and inserts from {@code unnest} (the read's is checked by {@code ChargeReadPlanTest}),
   * so the transaction forces them for itself ({@code SET LOCAL}, sent with the locks and the read
   * in one round trip). The wallet locks run before, with custom plans: their generic plan, for ten
   * riders of unknown name, hashes the whole balance table of a small ledger where ten index
   * look-ups are what is needed.
   */
  private static final String GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan";

  private static final String EPOCH_MICROS = "timestamptz 'epoch' + %s * interval '1 microsecond'";

  /**
   * The batch's read after the locks: the charges recorded under the request ids {@code :ids}, and
   * the trips of each rider {@code :rr} since its {@code :f} (microseconds since the epoch).
   */
  static final String RECORDS =
      "SELECT true, c.request_id, c.wallet_id, c.gate_id, c.at, c.charged, c.amount,"
          + " c.balance_after, c.policy_version, c.explanation, c.denial"
          + " FROM fares.charge c WHERE c.request_id = ANY(:ids)"
          + " UNION ALL SELECT false, NULL, t.wallet_id, t.gate_id, t.at, true, t.amount, 0,"
          + " NULL, NULL, NULL FROM unnest(:rr::text[], :f::bigint[]) AS q(r, f)"
          + " CROSS JOIN LATERAL (SELECT c.wallet_id, c.gate_id, c.at, c.amount"
          + " FROM fares.wallet w JOIN fares.charge c ON c.wallet_id = w.id AND c.charged"
          + " AND c.at >= "
          + EPOCH_MICROS.formatted("q.f")
          + " WHERE w.rider = q.r OFFSET 0) AS t";

  /** A charge already recorded for a request id. */
  private record Stored(
      long wallet,
      String gate,
      Instant at,
      boolean charged,
      long amount,
      long balanceAfter,
      String policyVersion,
      List<String> explanation,
      String denial) {

    ChargeResult result(String requestId, WalletRow w) {
      FareQuote q = new FareQuote(w.money(amount), policyVersion, explanation);
      return charged
          ? new ChargeResult.Charged(requestId, q, w.money(balanceAfter), true)
          : new ChargeResult.Denied(requestId, q, w.money(balanceAfter), denial, true);
    }
  }

  /** A charge to insert. */
  private record NewCharge(
      String requestId,
      WalletRow wallet,
      Entry entry,
      FareQuote quote,
      long after,
      String denial) {}

  private final FarePricer pricer;
  private final HouseAccounts house;
  private final LedgerSettings settings;
  private final int slot;

  ChargeBatch(FarePricer pricer, HouseAccounts house, LedgerSettings settings, int slot) {
    this.pricer = pricer;
    this.house = house;
    this.settings = settings;
    this.slot = slot;
  }

  /**
   * Runs the batch in the handle's transaction, its write added to {@code tail}: one outcome (a
   * result or an exception) each.
   */
  List<Object> run(Handle h, TransactionTail tail, List<ChargeRequest> requests) {
    Instant now = settings.clock().instant();
    Map<String, WalletRow> wallets = new HashMap<>();
    Map<String, Stored> stored = new HashMap<>();
    Map<Long, List<PastTrip>> history = new HashMap<>();
    lockAndRead(h, requests, wallets, stored, history);
    Map<Long, Long> balances = new HashMap<>();
    wallets.values().forEach(w -> balances.put(w.id(), w.balance()));

    List<Object> outcomes = new ArrayList<>();
    Map<String, ChargeRequest> seen = new HashMap<>();
    Map<String, ChargeResult> answered = new HashMap<>();
    List<NewCharge> fresh = new ArrayList<>();
    for (ChargeRequest r : requests) {
      try {
        outcomes.add(decide(r, wallets, stored, history, balances, seen, answered, fresh));
      } catch (LedgerException e) {
        outcomes.add(e);
      }
    }
    write(tail, fresh, now);
    return outcomes;
  }

  private ChargeResult decide(
      ChargeRequest r,
      Map<String, WalletRow> wallets,
      Map<String, Stored> stored,
      Map<Long, List<PastTrip>> history,
      Map<Long, Long> balances,
      Map<String, ChargeRequest> seen,
      Map<String, ChargeResult> answered,
      List<NewCharge> fresh) {
    Entry entry = new Entry(r.entry().gateId(), micros(r.entry().at()));
    WalletRow w = wallets.get(r.rider().value());
    ChargeRequest earlier = seen.putIfAbsent(r.requestId(), r);
    if (earlier != null) {
      if (!earlier.rider().equals(r.rider()) || !sameEntry(earlier.entry(), entry)) {
        throw conflict(r);
      }
      ChargeResult first = answered.get(r.requestId());
      if (first == null) {
        throw new LedgerException(
            Reason.IDEMPOTENCY_CONFLICT,
            "request " + r.requestId() + " was refused earlier in this batch");
      }
      return replayed(first);
    }
    Stored s = stored.get(r.requestId());
    if (s != null) {
      if (w == null
          || s.wallet() != w.id()
          || !s.gate().equals(entry.gateId())
          || !s.at().equals(entry.at())) {
        throw conflict(r);
      }
      return s.result(r.requestId(), w);
    }
    if (w == null) {
      throw PostgresLedger.unknownRider(r.rider().value());
    }
    List<PastTrip> trips = history.getOrDefault(w.id(), List.of());
    FareQuote quote;
    try {
      Instant from = pricer.historyFrom(entry.at());
      List<PastTrip> relevant =
          trips.stream()
              .filter(t -> !t.entry().at().isBefore(from) && !t.entry().at().isAfter(entry.at()))
              .toList();
      quote = pricer.quote(w.concessionProfile(), relevant, entry);
    } catch (RuntimeException e) {
      throw new LedgerException(
          Reason.UNPRICEABLE_ENTRY,
          "cannot price the entry at gate "
              + entry.gateId()
              + ": "
              + e.getMessage()
              + "; nothing charged",
          e);
    }
    if (!quote.amount().currency().equals(w.currency())) {
      throw new LedgerException(
          Reason.CURRENCY_MISMATCH,
          "the fare "
              + quote.amount()
              + " is not in the wallet's currency "
              + w.currency()
              + ": nothing charged");
    }
    long balance = balances.get(w.id());
    long fare = quote.amount().minor();
    String denial = null;
    if (balance < 0) {
      denial = "balance " + w.money(balance) + " is negative: top up to ride";
    } else if (fare > balance && settings.negativeBalance() == NegativeBalancePolicy.DENY) {
      denial = "balance " + w.money(balance) + " is below the fare " + quote.amount();
    }
    long after = denial == null ? balance - fare : balance;
    fresh.add(new NewCharge(r.requestId(), w, entry, quote, after, denial));
    ChargeResult result;
    if (denial == null) {
      balances.put(w.id(), after);
      List<PastTrip> more = new ArrayList<>(trips);
      more.add(new PastTrip(entry, quote.amount()));
      history.put(w.id(), more);
      result = new ChargeResult.Charged(r.requestId(), quote, w.money(after), false);
    } else {
      result = new ChargeResult.Denied(r.requestId(), quote, w.money(after), denial, false);
    }
    answered.put(r.requestId(), result);
    return result;
  }

  private static ChargeResult replayed(ChargeResult first) {
    return switch (first) {
      case ChargeResult.Charged c ->
          new ChargeResult.Charged(c.requestId(), c.quote(), c.balanceAfter(), true);
      case ChargeResult.Denied d ->
          new ChargeResult.Denied(d.requestId(), d.quote(), d.balanceAfter(), d.reason(), true);
    };
  }

  private static boolean sameEntry(Entry a, Entry b) {
    return a.gateId().equals(b.gateId()) && micros(a.at()).equals(b.at());
  }

  private static LedgerException conflict(ChargeRequest r) {
    return new LedgerException(
        Reason.IDEMPOTENCY_CONFLICT,
        "request id "
            + r.requestId()
            + " was already used for another rider, gate or time: nothing charged");
  }

  static Instant micros(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  static long epochMicros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }

  /**
   * Locks the batch's riders' balances in wallet-id order, then reads the charges already recorded
   * under the batch's request ids and each rider's trips since the earliest {@link
   * FarePricer#historyFrom} of its entries: three statements (the locks, the plan setting, the
   * read) in one round trip, run in that order.
   *
   * <p>Rationale. The driver sends a string of several statements as one pipeline, each parsed,
   * bound and executed in turn before a single Sync (the PostgreSQL manual, "Message Flow",
   * "Pipelining"; pgjdbc splits the string at its semicolons), so the setting applies to the read,
   * which is planned after it, and the read takes its snapshot after the locks are held, as when
   * each statement was a round trip of its own. The read finds a rider's wallet by name inside a
   * lateral subquery that {@code OFFSET 0} keeps from being pulled up into a join, so its generic
   * plan is an index look-up a rider whatever the size of the wallet table. Under load every round
   * trip waits for a free core twice; the authority bench's stage timings (docs/benchmarks.md,
   * "Where a decision's time goes") found the charge's transaction the largest part of a decision.
   */
  private void lockAndRead(
      Handle h,
      List<ChargeRequest> requests,
      Map<String, WalletRow> wallets,
      Map<String, Stored> stored,
      Map<Long, List<PastTrip>> history) {
    LinkedHashSet<String> riders = new LinkedHashSet<>();
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    Map<String, Long> from = new LinkedHashMap<>();
    for (ChargeRequest r : requests) {
      riders.add(r.rider().value());
      ids.add(r.requestId());
      try {
        from.merge(
            r.rider().value(), epochMicros(pricer.historyFrom(micros(r.entry().at()))), Math::min);
      } catch (RuntimeException e) {
        continue; // quoting the entry reports the same failure for this request alone
      }
    }
    Map<Long, WalletRow> byId = new HashMap<>();
    h.createQuery(
            "SELECT "
                + WalletRow.COLUMNS
                + WalletRow.FROM
                + " WHERE w.rider = ANY(:r) ORDER BY w.id FOR UPDATE OF b; "
                + GENERIC_PLANS
                + "; "
                + RECORDS)
        .bind("r", array("text", riders, String[]::new))
        .bind("ids", array("text", ids, String[]::new))
        .bind("rr", array("text", from.keySet(), String[]::new))
        .bind("f", array("bigint", from.values(), Long[]::new))
        .execute(
            (statement, ctx) -> {
              PreparedStatement ps = statement.get();
              try (ResultSet locked = ps.getResultSet()) {
                while (locked.next()) {
                  WalletRow w = WalletRow.read(locked);
                  wallets.put(w.rider().value(), w);
                  byId.put(w.id(), w);
                }
              }
              boolean settingHasRows = ps.getMoreResults();
              if (settingHasRows || !ps.getMoreResults()) {
                throw new IllegalStateException("the batch's read did not answer with rows");
              }
              try (ResultSet records = ps.getResultSet()) {
                while (records.next()) {
                  readRecord(records, byId, stored, history);
                }
              }
              return null;
            });
  }

  /** One row of the batch's read: a charge recorded under a request id, or a rider's past trip. */
  private static void readRecord(
      ResultSet rs,
      Map<Long, WalletRow> byId,
      Map<String, Stored> stored,
      Map<Long, List<PastTrip>> history)
      throws SQLException {
    if (rs.getBoolean(1)) {
      stored.put(
          rs.getString(2),
          new Stored(
              rs.getLong(3),
              rs.getString(4),
              instant(rs, 5),
              rs.getBoolean(6),
              rs.getLong(7),
              rs.getLong(8),
              rs.getString(9),
              List.of((String[]) rs.getArray(10).getArray()),
              rs.getString(11)));
    } else {
      WalletRow w = byId.get(rs.getLong(3));
      if (w == null) {
        // A wallet opened after the locks were taken: the batch answers its rider as unknown.
        return;
      }
      history
          .computeIfAbsent(w.id(), k -> new ArrayList<>())
          .add(new PastTrip(new Entry(rs.getString(4), instant(rs, 5)), w.money(rs.getLong(7))));
    }
  }

  /**
   * Writes the batch in one statement, sent with the transaction's commit: the fare entries (ids
   * drawn from the sequence in a materialised step), their lines, the balances they move, and every
   * charge record.
   */
  private void write(TransactionTail tail, List<NewCharge> fresh, Instant now) {
    if (fresh.isEmpty()) {
      return;
    }
    List<String> entryCurrencies = new ArrayList<>();
    List<Integer> lineEntry = new ArrayList<>();
    List<Integer> lineNumber = new ArrayList<>();
    List<Long> lineAccount = new ArrayList<>();
    List<Long> lineAmount = new ArrayList<>();
    Map<List<Long>, Long> deltas = new LinkedHashMap<>();
    List<String> requestIds = new ArrayList<>();
    List<Long> walletIds = new ArrayList<>();
    List<String> gates = new ArrayList<>();
    List<Long> ats = new ArrayList<>();
    List<Boolean> charged = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    List<Long> after = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    List<String> explanations = new ArrayList<>();
    List<String> denials = new ArrayList<>();
    List<Integer> entryOf = new ArrayList<>();
    for (NewCharge c : fresh) {
      long fare = c.quote().amount().minor();
      Integer entry = null;
      if (c.denial() == null && fare > 0) {
        entryCurrencies.add(c.wallet().currency().getCurrencyCode());
        entry = entryCurrencies.size();
        long revenue = house.of(c.wallet().currency()).revenue();
        long[][] lines = {{c.wallet().accountId(), 0, -fare}, {revenue, slot, fare}};
        for (int n = 0; n < lines.length; n++) {
          lineEntry.add(entry);
          lineNumber.add(n);
          lineAccount.add(lines[n][0]);
          lineAmount.add(lines[n][2]);
          deltas.merge(List.of(lines[n][0], lines[n][1]), lines[n][2], Math::addExact);
        }
      }
      requestIds.add(c.requestId());
      walletIds.add(c.wallet().id());
      gates.add(c.entry().gateId());
      ats.add(epochMicros(c.entry().at()));
      charged.add(c.denial() == null);
      amounts.add(fare);
      after.add(c.after());
      versions.add(c.quote().policyVersion());
      explanations.add(arrayLiteral(c.quote().explanation()));
      denials.add(c.denial());
      entryOf.add(entry);
    }
    List<Long> balanceAccounts = new ArrayList<>();
    List<Integer> balanceSlots = new ArrayList<>();
    List<Long> balanceDeltas = new ArrayList<>();
    deltas.forEach(
        (k, v) -> {
          balanceAccounts.add(k.get(0));
          balanceSlots.add(k.get(1).intValue());
          balanceDeltas.add(v);
        });
    OffsetDateTime recorded = now.atOffset(ZoneOffset.UTC);
    tail.add(
        WRITE,
        (ps, first) -> {
          int i = first;
          ps.setInt(i++, entryCurrencies.size());
          ps.setObject(i++, recorded);
          i = bindArray(ps, i, "text", entryCurrencies.toArray(String[]::new));
          i = bindArray(ps, i, "integer", lineEntry.toArray(Integer[]::new));
          i = bindArray(ps, i, "integer", lineNumber.toArray(Integer[]::new));
          i = bindArray(ps, i, "bigint", lineAccount.toArray(Long[]::new));
          i = bindArray(ps, i, "bigint", lineAmount.toArray(Long[]::new));
          i = bindArray(ps, i, "bigint", balanceAccounts.toArray(Long[]::new));
          i = bindArray(ps, i, "integer", balanceSlots.toArray(Integer[]::new));
          i = bindArray(ps, i, "bigint", balanceDeltas.toArray(Long[]::new));
          ps.setObject(i++, recorded);
          i = bindArray(ps, i, "text", requestIds.toArray(String[]::new));
          i = bindArray(ps, i, "bigint", walletIds.toArray(Long[]::new));
          i = bindArray(ps, i, "text", gates.toArray(String[]::new));
          i = bindArray(ps, i, "bigint", ats.toArray(Long[]::new));
          i = bindArray(ps, i, "boolean", charged.toArray(Boolean[]::new));
          i = bindArray(ps, i, "bigint", amounts.toArray(Long[]::new));
          i = bindArray(ps, i, "bigint", after.toArray(Long[]::new));
          i = bindArray(ps, i, "text", versions.toArray(String[]::new));
          i = bindArray(ps, i, "text", explanations.toArray(String[]::new));
          i = bindArray(ps, i, "text", denials.toArray(String[]::new));
          return bindArray(ps, i, "integer", entryOf.toArray(Integer[]::new));
        },
        e -> null);
  }

  /**
   * The batch's write (see {@link #write}), its parameters in this order: the entries' count, the
   * time recorded, the entries' currencies, the lines' entry, number, account and amount, the
   * balances' account, slot and delta, the time recorded again, and the charges' request id,
   * wallet, gate, time, whether charged, amount, balance after, policy version, explanation, denial
   * and entry.
   */
  private static final String WRITE =
      "WITH ids AS MATERIALIZED (SELECT o, nextval('fares.journal_entry_id_seq') AS id"
          + " FROM generate_series(1, ?) AS o),"
          + " e AS (INSERT INTO fares.journal_entry (id, kind, currency, recorded_at)"
          + " SELECT ids.id, 'fare', t.c, ? FROM unnest(?::text[]) WITH ORDINALITY"
          + " AS t(c, o) JOIN ids USING (o)),"
          + " l AS (INSERT INTO fares.journal_line (entry_id, line, account_id, amount)"
          + " SELECT ids.id, t.n, t.a, t.m FROM unnest(?::int[], ?::smallint[],"
          + " ?::bigint[], ?::bigint[]) AS t(o, n, a, m) JOIN ids USING (o)),"
          + " b AS (UPDATE fares.balance b SET amount = b.amount + d.delta FROM"
          + " unnest(?::bigint[], ?::smallint[], ?::bigint[]) AS d(a, s, delta)"
          + " WHERE b.account_id = d.a AND b.slot = d.s)"
          + " INSERT INTO fares.charge (request_id, wallet_id, gate_id, at, charged, amount,"
          + " balance_after, policy_version, explanation, denial, entry_id, recorded_at)"
          + " SELECT u.r, u.w, u.g, "
          + EPOCH_MICROS.formatted("u.t")
          + ", u.c, u.a, u.b, u.p, u.x::text[], u.d, ids.id, ? FROM unnest(?::text[],"
          + " ?::bigint[], ?::text[], ?::bigint[], ?::boolean[], ?::bigint[],"
          + " ?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[])"
          + " AS u(r, w, g, t, c, a, b, p, x, d, o) LEFT JOIN ids USING (o)";

  /** Sets parameter {@code i} to {@code values} as a PostgreSQL array of {@code type}. */
  private static int bindArray(PreparedStatement ps, int i, String type, Object[] values)
      throws SQLException {
    ps.setArray(i, ps.getConnection().createArrayOf(type, values));
    return i + 1;
  }

  /**
   * {@code items} bound as a PostgreSQL array of {@code type}, made by the driver from a typed Java
   * array.
   *
   * <p>Rationale. Jdbi's {@code bindArray} resolves the element class to a parameterised type on
   * every bind (geantyref's {@code TypeFactory}); the batch binds two dozen arrays a transaction on
   * its one writer thread, and async-profiler's samples of the authority bench at 2,000 decisions a
   * second found those resolutions 3 % of the JVM's time.
   */
  private static <T> Argument array(String type, Collection<T> items, IntFunction<T[]> arrayOf) {
    T[] values = items.toArray(arrayOf);
    return (position, statement, ctx) -> bindArray(statement, position, type, values);
  }

  /** The PostgreSQL array literal of {@code items}: each quoted, quotes and backslashes escaped. */
  static String arrayLiteral(List<String> items) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return s.append('}').toString();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
