package org.facefare.fares.ledger.postgres;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerException.Reason;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.ledger.TopUpResult;
import org.facefare.fares.wallet.PaymentOutcome;
import org.jdbi.v3.core.Handle;

/** Top-ups in SQL: the record of each key and the entry that credits an approved one. */
final class TopUps {

  private TopUps() {}

  /** The recorded answer for the request's key, or a conflict if the key was used otherwise. */
  static Optional<TopUpResult> replay(Handle h, TopUpRequest r) {
    return h.createQuery(
            "SELECT w.rider, w.currency, t.amount, t.approved, t.provider_ref, t.reason,"
                + " t.balance_after FROM fares.top_up t JOIN fares.wallet w ON w.id = t.wallet_id"
                + " WHERE t.key = :k")
        .bind("k", r.key())
        .map(
            (rs, ctx) -> {
              Money amount = Money.of(rs.getLong(3), rs.getString(2));
              if (!rs.getString(1).equals(r.rider().value()) || !amount.equals(r.amount())) {
                throw new LedgerException(
                    Reason.IDEMPOTENCY_CONFLICT,
                    "top-up key "
                        + r.key()
                        + " was used for "
                        + amount
                        + " to another or the same wallet; replaying it with "
                        + r.amount()
                        + " for rider "
                        + r.rider()
                        + " is refused, nothing written");
              }
              TopUpResult result =
                  rs.getBoolean(4)
                      ? new TopUpResult.Credited(
                          r.key(),
                          amount,
                          Money.of(rs.getLong(7), rs.getString(2)),
                          rs.getString(5),
                          true)
                      : new TopUpResult.Declined(r.key(), rs.getString(6), true);
              return result;
            })
        .findOne();
  }

  static TopUpResult recordDeclined(
      Handle h,
      WalletRow wallet,
      TopUpRequest r,
      PaymentOutcome.Declined declined,
      InstantSource clock) {
    int made =
        h.createUpdate(
                "INSERT INTO fares.top_up (key, wallet_id, amount, approved, provider_ref, reason,"
                    + " recorded_at) VALUES (:k, :w, :a, false, :ref, :why, :t) ON CONFLICT (key)"
                    + " DO NOTHING")
            .bind("k", r.key())
            .bind("w", wallet.id())
            .bind("a", r.amount().minor())
            .bind("ref", declined.reference())
            .bind("why", declined.reason())
            .bind("t", clock.instant())
            .execute();
    if (made == 0) {
      return replay(h, r).orElseThrow();
    }
    return new TopUpResult.Declined(r.key(), declined.reason(), false);
  }

  static TopUpResult credit(
      Handle h,
      WalletRow wallet,
      TopUpRequest r,
      PaymentOutcome.Approved approved,
      HouseAccounts.Ids house,
      int slot,
      InstantSource clock) {
    WalletRow locked = WalletRow.lockById(h, wallet.id());
    Optional<TopUpResult> again = replay(h, r);
    if (again.isPresent()) {
      return again.get();
    }
    long amount = r.amount().minor();
    long after;
    try {
      after = Math.addExact(locked.balance(), amount);
    } catch (ArithmeticException e) {
      throw new LedgerException(
          Reason.INVALID_AMOUNT,
          "a top-up of " + r.amount() + " would overflow the balance: nothing written");
    }
    var now = clock.instant();
    long entry =
        Journal.post(
            h,
            new Journal.Posting(
                "top_up",
                locked.currency(),
                null,
                List.of(
                    new Journal.Line(locked.accountId(), 0, amount),
                    new Journal.Line(house.clearing(), slot, -amount))),
            now);
    h.createUpdate(
            "INSERT INTO fares.top_up (key, wallet_id, amount, approved, provider_ref,"
                + " balance_after, entry_id, recorded_at) VALUES (:k, :w, :a, true, :ref, :b, :e,"
                + " :t)")
        .bind("k", r.key())
        .bind("w", locked.id())
        .bind("a", amount)
        .bind("ref", approved.reference())
        .bind("b", after)
        .bind("e", entry)
        .bind("t", now)
        .execute();
    return new TopUpResult.Credited(
        r.key(), r.amount(), locked.money(after), approved.reference(), false);
  }
}
