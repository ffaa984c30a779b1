package org.facefare.fares.ledger.postgres;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.facefare.fares.FarePricer;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.Adjustment;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.HourlyTrips;
import org.facefare.fares.ledger.Ledger;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerException.Reason;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.Reconciliation;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.ledger.StatementCursor;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.ledger.TopUpResult;
import org.facefare.fares.ledger.WalletView;
import org.facefare.fares.wallet.PaymentOutcome;
import org.facefare.fares.wallet.PaymentProvider;
import org.facefare.fares.wallet.PaymentRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.storage.Database;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The {@link Ledger} kept in PostgreSQL, in schema {@value #SCHEMA} migrated from {@code
 * classpath:db/fares}.
 *
 * <p>Design. Double-entry bookkeeping: every movement of money is a journal entry whose lines, one
 * per account, sum to zero; the database itself refuses an unbalanced entry when the transaction
 * commits (a deferred constraint trigger), a line added to an entry of an earlier transaction, and
 * any UPDATE, DELETE or TRUNCATE of the journal, so corrections are always new entries (refunds,
 * reversals). Balances are maintained in the same transaction as the lines; a house account's
 * balance is split into {@value #HOUSE_SLOTS} slots, one per writer, so that parallel commits do
 * not queue on one row (the "slotted counter" answer to a hot row), and {@link #reconcile()} proves
 * every balance equal to the sum of its lines.
 *
 * <p>Charges are serialised per rider by a row lock on the rider's balance (SELECT … FOR UPDATE, in
 * wallet-id order so that two transactions never wait on each other in a cycle), taken before the
 * rider's history is read, so two gates charging the same rider at once see each other's trip and
 * caps hold. Each request id is recorded with its answer in the same transaction as the money, so
 * an attempt killed before its commit left nothing and its retry is priced afresh, and an attempt
 * that committed is answered from the record. Throughput comes from group commit: each writer takes
 * every charge queued for its riders (up to a batch) into one transaction and answers them only
 * after that commit, so one WAL flush serves many gates with {@code synchronous_commit} and {@code
 * fsync} on (the technique of Gray and Reuter, "Transaction Processing", §9.4.7, group commit). A
 * batch that fails in the database is retried one charge per transaction, so one bad charge fails
 * alone.
 */
public final class PostgresLedger implements Ledger {

  /** The schema the ledger's tables live in. */
  public static final String SCHEMA = "fares";

  /** Balance slots per house account. */
  static final int HOUSE_SLOTS = 16;

  private final Jdbi jdbi;
  private final FarePricer pricer;
  private final LedgerSettings settings;
  private final PaymentProvider payments;
  private final HouseAccounts house;
  private final List<ChargeWriter> writers;

  private PostgresLedger(
      Jdbi jdbi,
      FarePricer pricer,
      PaymentProvider payments,
      LedgerSettings settings,
      SameTransaction sameTransaction) {
    this.jdbi = jdbi;
    this.pricer = pricer;
    this.settings = settings;
    this.payments = payments;
    this.house = new HouseAccounts(jdbi);
    List<ChargeWriter> ws = new ArrayList<>();
    for (int i = 0; i < settings.writers(); i++) {
      ws.add(new ChargeWriter(i, jdbi, pricer, house, settings, sameTransaction));
    }
    this.writers = List.copyOf(ws);
    writers.forEach(ChargeWriter::start);
  }

  /**
   * Migrates the ledger's schema and starts its writers.
   *
   * @param db the database
   * @param pricer prices each entry inside the rider's charge transaction
   * @param payments takes top-up payments
   * @param settings policy, writers, batch size and clock
   */
  public static PostgresLedger open(
      Database db, FarePricer pricer, PaymentProvider payments, LedgerSettings settings) {
    return open(db, pricer, payments, settings, SameTransaction.NONE);
  }

  /**
   * Migrates the ledger's schema and starts its writers, each charge batch's transaction carrying
   * {@code sameTransaction}.
   *
   * @param db the database
   * @param pricer prices each entry inside the rider's charge transaction
   * @param payments takes top-up payments
   * @param settings policy, writers, batch size and clock
   * @param sameTransaction what each charge batch writes besides its charges
   */
  public static PostgresLedger open(
      Database db,
      FarePricer pricer,
      PaymentProvider payments,
      LedgerSettings settings,
      SameTransaction sameTransaction) {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(pricer, "pricer");
    Objects.requireNonNull(payments, "payments");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(sameTransaction, "sameTransaction");
    db.migrate(SCHEMA, "classpath:db/fares");
    return new PostgresLedger(
        Jdbi.create(db.dataSource()), pricer, payments, settings, sameTransaction);
  }

  @Override
  public WalletView openWallet(RiderId rider, Currency currency, String concessionProfile) {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(concessionProfile, "concessionProfile");
    if (concessionProfile.isBlank() || concessionProfile.length() > 64) {
      throw new IllegalArgumentException(
          "a concession profile id is 1-64 characters, not '" + concessionProfile + "'");
    }
    house.ensure(currency);
    return storage(
        () ->
            jdbi.inTransaction(
                h -> {
                  Optional<WalletRow> existing = WalletRow.find(h, rider, false);
                  if (existing.isEmpty()) {
                    long account =
                        h.createQuery(
                                "INSERT INTO fares.account (kind, currency) VALUES ('rider_wallet', :c)"
                                    + " RETURNING id")
                            .bind("c", currency.getCurrencyCode())
                            .mapTo(Long.class)
                            .one();
                    h.createUpdate("INSERT INTO fares.balance (account_id, slot) VALUES (:a, 0)")
                        .bind("a", account)
                        .execute();
                    int made =
                        h.createUpdate(
                                "INSERT INTO fares.wallet (rider, account_id, currency,"
                                    + " concession_profile, opened_at) VALUES (:r, :a, :c, :p, :t)"
                                    + " ON CONFLICT (rider) DO NOTHING")
                            .bind("r", rider.value())
                            .bind("a", account)
                            .bind("c", currency.getCurrencyCode())
                            .bind("p", concessionProfile)
                            .bind("t", settings.clock().instant())
                            .execute();
                    if (made == 1) {
                      return new WalletView(rider, concessionProfile, Money.zero(currency));
                    }
                    h.rollback();
                    existing = WalletRow.find(h, rider, false);
                  }
                  WalletRow w = existing.orElseThrow();
                  if (!w.currency().equals(currency)
                      || !w.concessionProfile().equals(concessionProfile)) {
                    throw new LedgerException(
                        Reason.IDEMPOTENCY_CONFLICT,
                        "rider "
                            + rider
                            + " already has a wallet in "
                            + w.currency()
                            + " with profile "
                            + w.concessionProfile());
                  }
                  return w.view();
                }));
  }

  @Override
  public Optional<WalletView> wallet(RiderId rider) {
    Objects.requireNonNull(rider, "rider");
    return storage(
        () -> jdbi.withHandle(h -> WalletRow.find(h, rider, false).map(WalletRow::view)));
  }

  @Override
  public TopUpResult topUp(TopUpRequest request) {
    Objects.requireNonNull(request, "request");
    WalletRow wallet = wallet(request.rider().value());
    if (!request.amount().currency().equals(wallet.currency())) {
      throw new LedgerException(
          Reason.CURRENCY_MISMATCH,
          "top-up in "
              + request.amount().currency()
              + " for a wallet in "
              + wallet.currency()
              + ": nothing written");
    }
    if (request.amount().minor() <= 0) {
      throw new LedgerException(
          Reason.INVALID_AMOUNT, "a top-up is positive, not " + request.amount());
    }
    Optional<TopUpResult> replay = storage(() -> jdbi.withHandle(h -> TopUps.replay(h, request)));
    if (replay.isPresent()) {
      return replay.get();
    }
    PaymentOutcome outcome =
        payments.authorize(
            new PaymentRequest(request.key(), request.cardToken(), request.amount()));
    return switch (outcome) {
      case PaymentOutcome.TimedOut t -> new TopUpResult.Pending(request.key(), t.detail());
      case PaymentOutcome.Declined d ->
          storage(
              () ->
                  jdbi.inTransaction(
                      h -> TopUps.recordDeclined(h, wallet, request, d, settings.clock())));
      case PaymentOutcome.Approved a ->
          storage(
              () ->
                  jdbi.inTransaction(
                      h ->
                          TopUps.credit(
                              h,
                              wallet,
                              request,
                              a,
                              house.of(wallet.currency()),
                              slot(request.key()),
                              settings.clock())));
    };
  }

  @Override
  public CompletableFuture<ChargeResult> submit(ChargeRequest request) {
    Objects.requireNonNull(request, "request");
    int w = Math.floorMod(request.rider().value().hashCode(), writers.size());
    return writers.get(w).submit(request);
  }

  @Override
  public Adjustment refund(String key, String chargeRequestId, String reason) {
    Adjustments.checkArguments(key, chargeRequestId, reason);
    return storage(
        () ->
            jdbi.inTransaction(
                h ->
                    Adjustments.refund(
                        h, key, chargeRequestId, reason, house, slot(key), settings.clock())));
  }

  @Override
  public Adjustment reverseTopUp(String key, String topUpKey, String reason) {
    Adjustments.checkArguments(key, topUpKey, reason);
    return storage(
        () ->
            jdbi.inTransaction(
                h ->
                    Adjustments.reverseTopUp(
                        h, key, topUpKey, reason, house, slot(key), settings.clock())));
  }

  @Override
  public RiderStatement statement(RiderId rider, Instant from, StatementCursor after, int limit) {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(after, "after");
    if (limit < 1 || limit > MAX_STATEMENT_PAGE) {
      throw new IllegalArgumentException(
          "a statement page holds 1-" + MAX_STATEMENT_PAGE + " items, not " + limit);
    }
    return storage(
        () ->
            jdbi.inTransaction(
                TransactionIsolationLevel.REPEATABLE_READ,
                h -> Statements.page(h, rider, from, after, limit)));
  }

  @Override
  public long forgetTripsBefore(Instant cutoff, UnaryOperator<String> stationOfGate) {
    Objects.requireNonNull(cutoff, "cutoff");
    Objects.requireNonNull(stationOfGate, "stationOfGate");
    Instant needed = pricer.historyFrom(settings.clock().instant());
    if (cutoff.isAfter(needed)) {
      throw new IllegalArgumentException(
          "forgetting trips before "
              + cutoff
              + " would delete trips the fare engine still prices entries from (it looks back to "
              + needed
              + "): make the retention period longer than the longest cap or transfer window");
    }
    return storage(() -> jdbi.inTransaction(h -> TripRetention.forget(h, cutoff, stationOfGate)));
  }

  @Override
  public List<HourlyTrips> hourlyTrips(
      Instant from, Instant to, UnaryOperator<String> stationOfGate) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(stationOfGate, "stationOfGate");
    return storage(
        () ->
            jdbi.inTransaction(
                TransactionIsolationLevel.REPEATABLE_READ,
                h -> TripRetention.hourly(h, from, to, stationOfGate)));
  }

  @Override
  public Reconciliation reconcile() {
    return storage(
        () -> jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, Reconciler::reconcile));
  }

  @Override
  public void close() {
    writers.forEach(ChargeWriter::stop);
  }

  private WalletRow wallet(String rider) {
    return storage(
        () ->
            jdbi.withHandle(
                h ->
                    WalletRow.find(h, new RiderId(rider), false)
                        .orElseThrow(() -> unknownRider(rider))));
  }

  static LedgerException unknownRider(String rider) {
    return new LedgerException(
        Reason.UNKNOWN_RIDER, "no wallet for rider " + rider + ": nothing written");
  }

  private static int slot(String key) {
    return Math.floorMod(key.hashCode(), HOUSE_SLOTS);
  }

  /** Runs a database call, turning a driver failure into a {@link LedgerException}. */
  static <T> T storage(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw new LedgerException(
          Reason.STORAGE, "the ledger database failed: " + rootMessage(e) + "; retry", e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
