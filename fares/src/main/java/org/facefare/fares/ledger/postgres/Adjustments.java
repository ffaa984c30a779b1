package org.facefare.fares.ledger.postgres;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.facefare.fares.ledger.Adjustment;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerException.Reason;
import org.jdbi.v3.core.Handle;

/** Refunds of fares and reversals of disputed top-ups in SQL: new entries that move money back. */
final class Adjustments {

  private Adjustments() {}

  /** The original entry to adjust: whose wallet and how much. */
  private record Original(long entry, long wallet, long amount) {}

  static void checkArguments(String key, String original, String reason) {
    for (String k : new String[] {key, original}) {
      if (k == null || k.isBlank() || k.length() > 128) {
        throw new IllegalArgumentException("keys are 1-128 characters, not blank: " + k);
      }
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new IllegalArgumentException("a reason is 1-500 characters, not blank");
    }
  }

  static Adjustment refund(
      Handle h,
      String key,
      String chargeRequestId,
      String reason,
      HouseAccounts house,
      int slot,
      InstantSource clock) {
    Original o =
        h.createQuery("SELECT entry_id, wallet_id, amount FROM fares.charge WHERE request_id = :r")
            .bind("r", chargeRequestId)
            .map((rs, ctx) -> new Original(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
            .findOne()
            .orElseThrow(
                () ->
                    new LedgerException(
                        Reason.UNKNOWN_ORIGINAL,
                        "no charge with request id " + chargeRequestId + ": nothing refunded"));
    if (o.entry() == 0) { // a NULL entry_id reads as 0: the charge was denied or free
      throw new LedgerException(
          Reason.UNKNOWN_ORIGINAL,
          "charge " + chargeRequestId + " moved no money (denied or free): nothing to refund");
    }
    WalletRow w = WalletRow.lockById(h, o.wallet());
    return write(h, key, "refund", o, w, reason, clock, house.of(w.currency()).refunds(), slot, +1);
  }

  static Adjustment reverseTopUp(
      Handle h,
      String key,
      String topUpKey,
      String reason,
      HouseAccounts house,
      int slot,
      InstantSource clock) {
    Original o =
        h.createQuery(
                "SELECT entry_id, wallet_id, amount FROM fares.top_up WHERE key = :k AND approved")
            .bind("k", topUpKey)
            .map((rs, ctx) -> new Original(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
            .findOne()
            .orElseThrow(
                () ->
                    new LedgerException(
                        Reason.UNKNOWN_ORIGINAL,
                        "no credited top-up with key " + topUpKey + ": nothing reversed"));
    WalletRow w = WalletRow.lockById(h, o.wallet());
    return write(
        h,
        key,
        "top_up_reversal",
        o,
        w,
        reason,
        clock,
        house.of(w.currency()).clearing(),
        slot,
        -1);
  }

  /** Writes the adjustment: {@code sign} +1 credits the wallet, -1 debits it. */
  private static Adjustment write(
      Handle h,
      String key,
      String kind,
      Original o,
      WalletRow w,
      String reason,
      InstantSource clock,
      long houseAccount,
      int slot,
      int sign) {
    Optional<Adjustment> replay = replay(h, key, kind, o, w);
    if (replay.isPresent()) {
      return replay.get();
    }
    Optional<String> other =
        h.createQuery("SELECT key FROM fares.adjustment WHERE original = :o")
            .bind("o", o.entry())
            .mapTo(String.class)
            .findOne();
    if (other.isPresent()) {
      throw new LedgerException(
          Reason.ALREADY_ADJUSTED,
          "entry " + o.entry() + " was already adjusted under key " + other.get());
    }
    long delta = sign * o.amount();
    long after;
    try {
      after = Math.addExact(w.balance(), delta);
    } catch (ArithmeticException e) {
      throw new LedgerException(
          Reason.INVALID_AMOUNT, "the " + kind + " would overflow the balance: nothing written");
    }
    var now = clock.instant();
    long entry =
        Journal.post(
            h,
            new Journal.Posting(
                kind,
                w.currency(),
                o.entry(),
                List.of(
                    new Journal.Line(houseAccount, slot, -delta),
                    new Journal.Line(w.accountId(), 0, delta))),
            now);
    h.createUpdate(
            "INSERT INTO fares.adjustment (key, kind, original, entry_id, amount, balance_after,"
                + " reason, recorded_at, wallet_id) VALUES (:k, :kind, :o, :e, :a, :b, :why, :t,"
                + " :w)")
        .bind("k", key)
        .bind("kind", kind)
        .bind("o", o.entry())
        .bind("e", entry)
        .bind("a", o.amount())
        .bind("b", after)
        .bind("why", reason)
        .bind("t", now)
        .bind("w", w.id())
        .execute();
    return new Adjustment(key, w.money(o.amount()), w.money(after), false);
  }

  private static Optional<Adjustment> replay(
      Handle h, String key, String kind, Original o, WalletRow w) {
    return h.createQuery(
            "SELECT kind, original, amount, balance_after FROM fares.adjustment WHERE key = :k")
        .bind("k", key)
        .map(
            (rs, ctx) -> {
              if (!rs.getString(1).equals(kind) || rs.getLong(2) != o.entry()) {
                throw new LedgerException(
                    Reason.IDEMPOTENCY_CONFLICT,
                    "adjustment key " + key + " was used for another adjustment: nothing written");
              }
              return new Adjustment(key, w.money(rs.getLong(3)), w.money(rs.getLong(4)), true);
            })
        .findOne();
  }
}
