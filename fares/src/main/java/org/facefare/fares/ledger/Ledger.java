package org.facefare.fares.ledger;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.facefare.fares.wallet.RiderId;

/**
 * Riders' stored-value wallets on a double-entry ledger: opens wallets, credits top-ups, charges
 * fares exactly once per request id, refunds and reverses by new entries, and proves its balances.
 *
 * <p>Every method either does all it says or writes nothing and throws {@link LedgerException} (or
 * {@link IllegalArgumentException} for a malformed argument).
 */
public interface Ledger extends AutoCloseable {

  /**
   * Opens the rider's wallet with a zero balance, or returns it if it is already open with the same
   * currency and profile.
   *
   * @throws LedgerException {@code IDEMPOTENCY_CONFLICT} if it is open with another currency or
   *     profile
   */
  WalletView openWallet(RiderId rider, Currency currency, String concessionProfile);

  /** The rider's wallet, if open. */
  Optional<WalletView> wallet(RiderId rider);

  /** Credits a top-up once its payment is approved; a replayed key gets the first answer. */
  TopUpResult topUp(TopUpRequest request);

  /**
   * Queues a charge; the future completes after the charge is durably committed (or refused).
   * Charges queued together may share one commit.
   */
  CompletableFuture<ChargeResult> submit(ChargeRequest request);

  /** Charges and waits for the answer. */
  default ChargeResult charge(ChargeRequest request) {
    try {
      return submit(request).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /**
   * Refunds a charged fare to the rider's wallet as a new entry.
   *
   * @param key the refund's idempotency key
   * @param chargeRequestId the request id of the charge to refund
   * @param reason why (e.g. the dispute's outcome)
   */
  Adjustment refund(String key, String chargeRequestId, String reason);

  /**
   * Reverses a disputed top-up (a chargeback): takes the amount back out of the wallet as a new
   * entry, possibly into a negative balance.
   *
   * @param key the reversal's idempotency key
   * @param topUpKey the key of the top-up to reverse
   * @param reason why
   */
  Adjustment reverseTopUp(String key, String topUpKey, String reason);

  /**
   * The first page of one rider's statement: their items in {@code [from, to)}, newest first.
   *
   * @param limit the most items on the page, 1 to {@value #MAX_STATEMENT_PAGE}
   * @throws LedgerException {@code UNKNOWN_RIDER} if the rider has no wallet
   */
  default RiderStatement statement(RiderId rider, Instant from, Instant to, int limit) {
    return statement(rider, from, StatementCursor.before(to), limit);
  }

  /**
   * A page of one rider's statement: their items from {@code from} on that are older than {@code
   * after} (the previous page's {@link RiderStatement#next()}), newest first.
   *
   * @param limit the most items on the page, 1 to {@value #MAX_STATEMENT_PAGE}
   * @throws LedgerException {@code UNKNOWN_RIDER} if the rider has no wallet
   */
  RiderStatement statement(RiderId rider, Instant from, StatementCursor after, int limit);

  /** The most items one statement page holds. */
  int MAX_STATEMENT_PAGE = 500;

  /**
   * Retention of trips: folds every trip entered before {@code cutoff} into anonymous counts per
   * station and hour ({@link #hourlyTrips}) and deletes its per-rider record (request id, gate,
   * time), atomically. The money journal keeps its entries and amounts; a refund of a forgotten
   * trip no longer names it.
   *
   * @param stationOfGate the station id of a gate id, for the counts
   * @return the number of trip records deleted
   * @throws IllegalArgumentException if the cutoff would delete trips the fare engine still prices
   *     entries from (its caps and transfer windows look back to {@code historyFrom(now)})
   */
  long forgetTripsBefore(Instant cutoff, UnaryOperator<String> stationOfGate);

  /**
   * The anonymous trip counts for hours in {@code [from, to)}: forgotten trips' counts and the
   * retained trips counted alike, per station, hour and currency.
   *
   * @param stationOfGate the station id of a gate id
   */
  List<HourlyTrips> hourlyTrips(Instant from, Instant to, UnaryOperator<String> stationOfGate);

  /** Checks every balance against the sum of its journal lines. */
  Reconciliation reconcile();

  /** Stops accepting charges, finishes the queued ones and releases resources. */
  @Override
  void close();
}
