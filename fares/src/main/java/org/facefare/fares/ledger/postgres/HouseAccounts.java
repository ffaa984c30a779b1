package org.facefare.fares.ledger.postgres;

import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/** The operator's own accounts per currency: fare revenue, payment clearing and refunds. */
final class HouseAccounts {

  /**
   * One currency's house account ids.
   *
   * @param revenue fares earned
   * @param clearing money on its way from the payment provider
   * @param refunds fares given back (a contra-revenue account)
   */
  record Ids(long revenue, long clearing, long refunds) {}

  private final Jdbi jdbi;
  private final Map<Currency, Ids> ids = new ConcurrentHashMap<>();

  HouseAccounts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Creates the currency's house accounts and balance slots if absent. */
  void ensure(Currency currency) {
    if (ids.containsKey(currency)) {
      return;
    }
    PostgresLedger.storage(
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate(
                          "INSERT INTO fares.account (kind, currency) SELECT k, :c FROM"
                              + " unnest(ARRAY['fare_revenue', 'payment_clearing', 'refunds']) k"
                              + " ON CONFLICT DO NOTHING")
                      .bind("c", currency.getCurrencyCode())
                      .execute();
                  h.createUpdate(
                          "INSERT INTO fares.balance (account_id, slot) SELECT a.id, s FROM"
                              + " fares.account a, generate_series(0, :n - 1) s WHERE a.kind <>"
                              + " 'rider_wallet' AND a.currency = :c ON CONFLICT DO NOTHING")
                      .bind("c", currency.getCurrencyCode())
                      .bind("n", PostgresLedger.HOUSE_SLOTS)
                      .execute();
                  return null;
                }));
    of(currency);
  }

  /** The currency's house accounts. */
  Ids of(Currency currency) {
    Ids known = ids.get(currency);
    if (known != null) {
      return known;
    }
    Map<String, Long> byKind =
        PostgresLedger.storage(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT kind, id FROM fares.account WHERE kind <> 'rider_wallet'"
                                    + " AND currency = :c")
                            .bind("c", currency.getCurrencyCode())
                            .setMapKeyColumn("kind")
                            .setMapValueColumn("id")
                            .collectInto(
                                new org.jdbi.v3.core.generic.GenericType<Map<String, Long>>() {})));
    if (byKind.size() != 3) {
      throw new IllegalStateException("the house accounts in " + currency + " are missing");
    }
    Ids made =
        new Ids(byKind.get("fare_revenue"), byKind.get("payment_clearing"), byKind.get("refunds"));
    ids.put(currency, made);
    return made;
  }
}
