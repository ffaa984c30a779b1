package org.facefare.fares.ledger.postgres;

import java.util.ArrayList;
import java.util.List;
import org.facefare.fares.ledger.Reconciliation;
import org.jdbi.v3.core.Handle;

/**
 * The nightly-style reconciliation: on one snapshot, every account's maintained balance against the
 * sum of its lines, every entry's lines against zero, every currency's balances against zero, and
 * every charged fare against its entry.
 */
final class Reconciler {

  private static final int MOST = 100;

  private Reconciler() {}

  static Reconciliation reconcile(Handle h) {
    h.execute("SET TRANSACTION READ ONLY");
    List<String> bad = new ArrayList<>();
    bad.addAll(
        lines(
            h,
            "SELECT 'account ' || a.id || ' (' || a.kind || ', ' || a.currency || '): balance '"
                + " || coalesce(b.s, 0) || ' but its lines sum to ' || coalesce(l.s, 0)"
                + " FROM fares.account a"
                + " LEFT JOIN (SELECT account_id, sum(amount) s FROM fares.balance GROUP BY"
                + " account_id) b ON b.account_id = a.id"
                + " LEFT JOIN (SELECT account_id, sum(amount) s FROM fares.journal_line GROUP BY"
                + " account_id) l ON l.account_id = a.id"
                + " WHERE coalesce(b.s, 0) <> coalesce(l.s, 0)"));
    bad.addAll(
        lines(
            h,
            "SELECT 'entry ' || e.id || ': ' || count(l.entry_id) || ' lines summing to '"
                + " || coalesce(sum(l.amount), 0) FROM fares.journal_entry e LEFT JOIN"
                + " fares.journal_line l ON l.entry_id = e.id GROUP BY e.id"
                + " HAVING count(l.entry_id) < 2 OR coalesce(sum(l.amount), 0) <> 0"));
    bad.addAll(
        lines(
            h,
            "SELECT 'currency ' || a.currency || ': balances sum to ' || sum(b.amount)"
                + " FROM fares.balance b JOIN fares.account a ON a.id = b.account_id"
                + " GROUP BY a.currency HAVING sum(b.amount) <> 0"));
    bad.addAll(
        lines(
            h,
            "SELECT 'charge ' || c.request_id || ' of ' || c.amount || ' has no matching wallet"
                + " line' FROM fares.charge c JOIN fares.wallet w ON w.id = c.wallet_id"
                + " LEFT JOIN fares.journal_line l ON l.entry_id = c.entry_id AND l.account_id ="
                + " w.account_id WHERE c.charged AND c.amount > 0"
                + " AND (l.amount IS NULL OR l.amount <> -c.amount)"));
    long accounts = h.createQuery("SELECT count(*) FROM fares.account").mapTo(Long.class).one();
    long entries =
        h.createQuery("SELECT count(*) FROM fares.journal_entry").mapTo(Long.class).one();
    return new Reconciliation(accounts, entries, bad);
  }

  private static List<String> lines(Handle h, String sql) {
    return h.createQuery(sql + " LIMIT " + MOST).mapTo(String.class).list();
  }
}
