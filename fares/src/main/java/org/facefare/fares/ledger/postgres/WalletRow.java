package org.facefare.fares.ledger.postgres;

import java.util.Currency;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.WalletView;
import org.facefare.fares.wallet.RiderId;
import org.jdbi.v3.core.Handle;

/** A wallet's row with its account and current balance (slot 0 of the rider's account). */
record WalletRow(
    long id,
    RiderId rider,
    long accountId,
    Currency currency,
    String concessionProfile,
    long balance) {

  static final String COLUMNS =
      "w.id, w.rider, w.account_id, w.currency, w.concession_profile, b.amount";
  static final String FROM =
      " FROM fares.wallet w JOIN fares.balance b ON b.account_id = w.account_id AND b.slot = 0";

  /** The rider's wallet, its balance row locked until the transaction ends if {@code lock}. */
  static Optional<WalletRow> find(Handle h, RiderId rider, boolean lock) {
    return h.createQuery(
            "SELECT " + COLUMNS + FROM + " WHERE w.rider = :r" + (lock ? " FOR UPDATE OF b" : ""))
        .bind("r", rider.value())
        .map((rs, ctx) -> read(rs))
        .findOne();
  }

  /** The wallet with id {@code id}, its balance row locked until the transaction ends. */
  static WalletRow lockById(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE w.id = :id FOR UPDATE OF b")
        .bind("id", id)
        .map((rs, ctx) -> read(rs))
        .one();
  }

  static WalletRow read(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new WalletRow(
        rs.getLong(1),
        new RiderId(rs.getString(2)),
        rs.getLong(3),
        Currency.getInstance(rs.getString(4)),
        rs.getString(5),
        rs.getLong(6));
  }

  Money money(long minor) {
    return new Money(minor, currency);
  }

  WalletView view() {
    return new WalletView(rider, concessionProfile, money(balance));
  }
}
