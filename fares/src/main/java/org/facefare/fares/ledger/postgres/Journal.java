package org.facefare.fares.ledger.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Writes journal entries, their lines and the balances they move, many in one statement each. */
final class Journal {

  private Journal() {}

  /**
   * One line of an entry.
   *
   * @param account the account
   * @param slot the balance slot it moves (0 for a rider's wallet)
   * @param amount signed minor units; not zero
   */
  record Line(long account, int slot, long amount) {}

  /**
   * An entry to write.
   *
   * @param kind {@code top_up}, {@code fare}, {@code refund} or {@code top_up_reversal}
   * @param currency the currency of all its accounts
   * @param reverses the entry it refunds or reverses, or null
   * @param lines its lines, summing to zero
   */
  record Posting(String kind, Currency currency, Long reverses, List<Line> lines) {}

  /** Writes one entry; returns its id. */
  static long post(Handle h, Posting posting, Instant now) {
    return postAll(h, List.of(posting), now).get(0);
  }

  /** Writes the entries in order; returns their ids. */
  static List<Long> postAll(Handle h, List<Posting> postings, Instant now) {
    List<Long> ids =
        h.createQuery("SELECT nextval('fares.journal_entry_id_seq') FROM generate_series(1, :n)")
            .bind("n", postings.size())
            .mapTo(Long.class)
            .list();
    List<String> kinds = new ArrayList<>();
    List<String> currencies = new ArrayList<>();
    List<Long> reverses = new ArrayList<>();
    List<Long> lineEntries = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    List<Long> lineAccounts = new ArrayList<>();
    List<Long> lineAmounts = new ArrayList<>();
    Map<List<Long>, Long> deltas = new LinkedHashMap<>();
    for (int i = 0; i < postings.size(); i++) {
      Posting p = postings.get(i);
      kinds.add(p.kind());
      currencies.add(p.currency().getCurrencyCode());
      reverses.add(p.reverses());
      for (int n = 0; n < p.lines().size(); n++) {
        Line l = p.lines().get(n);
        lineEntries.add(ids.get(i));
        lineNumbers.add(n);
        lineAccounts.add(l.account());
        lineAmounts.add(l.amount());
        deltas.merge(List.of(l.account(), (long) l.slot()), l.amount(), Math::addExact);
      }
    }
    h.createUpdate(
            "INSERT INTO fares.journal_entry (id, kind, currency, reverses, recorded_at)"
                + " SELECT i, k, c, r, :now FROM unnest(:i::bigint[], :k::text[], :c::text[],"
                + " :r::bigint[]) AS t(i, k, c, r)")
        .bindArray("i", Long.class, ids)
        .bindArray("k", String.class, kinds)
        .bindArray("c", String.class, currencies)
        .bindArray("r", Long.class, reverses)
        .bind("now", now)
        .execute();
    h.createUpdate(
            "INSERT INTO fares.journal_line (entry_id, line, account_id, amount)"
                + " SELECT * FROM unnest(:e::bigint[], :n::smallint[], :a::bigint[], :m::bigint[])")
        .bindArray("e", Long.class, lineEntries)
        .bindArray("n", Integer.class, lineNumbers)
        .bindArray("a", Long.class, lineAccounts)
        .bindArray("m", Long.class, lineAmounts)
        .execute();
    List<Long> accounts = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    deltas.forEach(
        (k, v) -> {
          accounts.add(k.get(0));
          slots.add(k.get(1).intValue());
          amounts.add(v);
        });
    int moved =
        h.createUpdate(
                "UPDATE fares.balance b SET amount = b.amount + d.delta FROM unnest(:a::bigint[],"
                    + " :s::smallint[], :d::bigint[]) AS d(a, s, delta) WHERE b.account_id = d.a"
                    + " AND b.slot = d.s")
            .bindArray("a", Long.class, accounts)
            .bindArray("s", Integer.class, slots)
            .bindArray("d", Long.class, amounts)
            .execute();
    if (moved != accounts.size()) {
      throw new IllegalStateException(
          "balance rows missing: moved " + moved + " of " + accounts.size());
    }
    return ids;
  }
}
