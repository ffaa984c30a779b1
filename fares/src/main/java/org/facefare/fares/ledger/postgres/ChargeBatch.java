package org.facefare.fares.ledger.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
import org.jdbi.v3.core.Handle;

/**
 * The work of one charge transaction: lock the riders' balances in wallet-id order, answer the
 * request ids already recorded, read the riders' histories, price each new entry in order, and
 * write the charges, their entries and balances with one statement per table.
 */
final class ChargeBatch {

  private static final String EPOCH_MICROS = "timestamptz 'epoch' + %s * interval '1 microsecond'";

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

  /** Runs the batch in the handle's transaction: one outcome (a result or an exception) each. */
  List<Object> run(Handle h, List<ChargeRequest> requests) {
    Instant now = settings.clock().instant();
    Map<String, WalletRow> wallets = lockWallets(h, requests);
    Map<String, Stored> stored = stored(h, requests);
    Map<Long, List<PastTrip>> history = history(h, requests, wallets, stored);
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
    write(h, fresh, now);
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

  private static Map<String, WalletRow> lockWallets(Handle h, List<ChargeRequest> requests) {
    LinkedHashSet<String> riders = new LinkedHashSet<>();
    requests.forEach(r -> riders.add(r.rider().value()));
    Map<String, WalletRow> out = new HashMap<>();
    h.createQuery(
            "SELECT "
                + WalletRow.COLUMNS
                + WalletRow.FROM
                + " WHERE w.rider = ANY(:r) ORDER BY w.id FOR UPDATE OF b")
        .bindArray("r", String.class, riders)
        .map((rs, ctx) -> WalletRow.read(rs))
        .forEach(w -> out.put(w.rider().value(), w));
    return out;
  }

  private static Map<String, Stored> stored(Handle h, List<ChargeRequest> requests) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    requests.forEach(r -> ids.add(r.requestId()));
    Map<String, Stored> out = new HashMap<>();
    h.createQuery(
            "SELECT request_id, wallet_id, gate_id, at, charged, amount, balance_after,"
                + " policy_version, explanation, denial FROM fares.charge"
                + " WHERE request_id = ANY(:ids)")
        .bindArray("ids", String.class, ids)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString(1),
                    new Stored(
                        rs.getLong(2),
                        rs.getString(3),
                        instant(rs, 4),
                        rs.getBoolean(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getString(8),
                        List.of((String[]) rs.getArray(9).getArray()),
                        rs.getString(10))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private Map<Long, List<PastTrip>> history(
      Handle h,
      List<ChargeRequest> requests,
      Map<String, WalletRow> wallets,
      Map<String, Stored> stored) {
    Map<Long, Long> from = new HashMap<>();
    for (ChargeRequest r : requests) {
      WalletRow w = wallets.get(r.rider().value());
      if (w == null || stored.containsKey(r.requestId())) {
        continue;
      }
      long f;
      try {
        f = epochMicros(pricer.historyFrom(micros(r.entry().at())));
      } catch (RuntimeException e) {
        continue; // quoting the entry reports the same failure for this request alone
      }
      from.merge(w.id(), f, Math::min);
    }
    Map<Long, List<PastTrip>> out = new HashMap<>();
    if (from.isEmpty()) {
      return out;
    }
    Map<Long, WalletRow> byId = new HashMap<>();
    wallets.values().forEach(w -> byId.put(w.id(), w));
    h.createQuery(
            "SELECT c.wallet_id, c.gate_id, c.at, c.amount FROM unnest(:w::bigint[],"
                + " :f::bigint[]) AS q(w, f) JOIN fares.charge c ON c.wallet_id = q.w AND"
                + " c.charged AND c.at >= "
                + EPOCH_MICROS.formatted("q.f"))
        .bindArray("w", Long.class, new ArrayList<>(from.keySet()))
        .bindArray("f", Long.class, new ArrayList<>(from.values()))
        .map(
            (rs, ctx) -> {
              WalletRow w = byId.get(rs.getLong(1));
              return Map.entry(
                  w.id(),
                  new PastTrip(new Entry(rs.getString(2), instant(rs, 3)), w.money(rs.getLong(4))));
            })
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return out;
  }

  private void write(Handle h, List<NewCharge> fresh, Instant now) {
    if (fresh.isEmpty()) {
      return;
    }
    List<Journal.Posting> postings = new ArrayList<>();
    List<Integer> posted = new ArrayList<>();
    for (int i = 0; i < fresh.size(); i++) {
      NewCharge c = fresh.get(i);
      long fare = c.quote().amount().minor();
      if (c.denial() == null && fare > 0) {
        postings.add(
            new Journal.Posting(
                "fare",
                c.wallet().currency(),
                null,
                List.of(
                    new Journal.Line(c.wallet().accountId(), 0, -fare),
                    new Journal.Line(house.of(c.wallet().currency()).revenue(), slot, fare))));
        posted.add(i);
      }
    }
    Long[] entries = new Long[fresh.size()];
    if (!postings.isEmpty()) {
      List<Long> ids = Journal.postAll(h, postings, now);
      for (int k = 0; k < ids.size(); k++) {
        entries[posted.get(k)] = ids.get(k);
      }
    }
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
    for (NewCharge c : fresh) {
      requestIds.add(c.requestId());
      walletIds.add(c.wallet().id());
      gates.add(c.entry().gateId());
      ats.add(epochMicros(c.entry().at()));
      charged.add(c.denial() == null);
      amounts.add(c.quote().amount().minor());
      after.add(c.after());
      versions.add(c.quote().policyVersion());
      explanations.add(arrayLiteral(c.quote().explanation()));
      denials.add(c.denial());
    }
    h.createUpdate(
            "INSERT INTO fares.charge (request_id, wallet_id, gate_id, at, charged, amount,"
                + " balance_after, policy_version, explanation, denial, entry_id, recorded_at)"
                + " SELECT r, w, g, "
                + EPOCH_MICROS.formatted("t")
                + ", c, a, b, p, x::text[], d, e, :now FROM unnest(:r::text[], :w::bigint[],"
                + " :g::text[], :t::bigint[], :c::boolean[], :a::bigint[], :b::bigint[],"
                + " :p::text[], :x::text[], :d::text[], :e::bigint[])"
                + " AS u(r, w, g, t, c, a, b, p, x, d, e)")
        .bindArray("r", String.class, requestIds)
        .bindArray("w", Long.class, walletIds)
        .bindArray("g", String.class, gates)
        .bindArray("t", Long.class, ats)
        .bindArray("c", Boolean.class, charged)
        .bindArray("a", Long.class, amounts)
        .bindArray("b", Long.class, after)
        .bindArray("p", String.class, versions)
        .bindArray("x", String.class, explanations)
        .bindArray("d", String.class, denials)
        .bindArray("e", Long.class, java.util.Arrays.asList(entries))
        .bind("now", now)
        .execute();
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
