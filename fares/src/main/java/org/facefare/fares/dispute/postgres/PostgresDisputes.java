package org.facefare.fares.dispute.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.facefare.fares.Money;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.dispute.Dispute.Decision;
import org.facefare.fares.dispute.Dispute.State;
import org.facefare.fares.dispute.DisputeException;
import org.facefare.fares.dispute.DisputeException.Reason;
import org.facefare.fares.dispute.Disputes;
import org.facefare.fares.ledger.Ledger;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.wallet.RiderId;
import org.facefare.storage.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The {@link Disputes} kept in PostgreSQL in the ledger's schema ({@code fares.dispute}), refunding
 * through the {@link Ledger}.
 *
 * <p>Design. A dispute keeps a copy of its trip's gate, entry time and fare, so it outlives the
 * charge row that trip retention forgets; retention keeps the charge of an open dispute. The
 * database holds the rules that must survive concurrency: a partial unique index allows one open
 * and one approved dispute per trip, a trigger lets a row change only once, from open to decided,
 * and never be deleted. Opening and approving lock the disputed charge's row (FOR NO KEY UPDATE,
 * which leaves the foreign-key checks of other rows free), so a dispute cannot be opened while
 * another of the same trip is being approved. An approval locks its dispute row, asks the ledger
 * for the refund under the key {@code dispute-<id>}, and records the decision with the refund's
 * key: a second approval waits for the lock and finds the dispute approved; an approval that died
 * after the refund committed and before its own commit is retried with the same key, and the ledger
 * answers with the refund it already made. The fare is refunded once either way.
 */
public final class PostgresDisputes implements Disputes {

  private static final String SELECT =
      "SELECT d.id, d.request_id, d.gate_id, d.trip_at, d.fare, w.currency, w.rider, d.reason,"
          + " d.opened_at, d.state, d.decided_at, d.decided_by, d.decision_reason, a.amount"
          + " FROM fares.dispute d JOIN fares.wallet w ON w.id = d.wallet_id"
          + " LEFT JOIN fares.adjustment a ON a.key = d.refund_key";

  private final Jdbi jdbi;
  private final Ledger ledger;
  private final InstantSource clock;

  private PostgresDisputes(Jdbi jdbi, Ledger ledger, InstantSource clock) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Migrates the fares schema (the ledger's and the disputes' tables) and opens the disputes.
   *
   * @param db the database the ledger keeps its journal in
   * @param ledger refunds approved disputes
   * @param clock stamps openings and decisions
   */
  public static PostgresDisputes open(Database db, Ledger ledger, InstantSource clock) {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(clock, "clock");
    db.migrate("fares", "classpath:db/fares");
    return new PostgresDisputes(Jdbi.create(db.dataSource()), ledger, clock);
  }

  @Override
  public Dispute open(RiderId rider, String requestId, String reason) {
    Objects.requireNonNull(rider, "rider");
    checkRequestId(requestId);
    checkReason(reason, "a dispute's reason");
    return storage(
        () ->
            jdbi.inTransaction(
                h -> {
                  record Charge(
                      long wallet,
                      boolean charged,
                      long amount,
                      boolean moved,
                      String gate,
                      java.time.Instant at) {}
                  Charge c =
                      h.createQuery(
                              "SELECT c.wallet_id, c.charged, c.amount, c.entry_id IS NOT NULL,"
                                  + " c.gate_id, c.at"
                                  + " FROM fares.charge c JOIN fares.wallet w ON w.id = c.wallet_id"
                                  + " WHERE c.request_id = :r AND w.rider = :rider"
                                  + " FOR NO KEY UPDATE OF c")
                          .bind("r", requestId)
                          .bind("rider", rider.value())
                          .map(
                              (rs, ctx) ->
                                  new Charge(
                                      rs.getLong(1),
                                      rs.getBoolean(2),
                                      rs.getLong(3),
                                      rs.getBoolean(4),
                                      rs.getString(5),
                                      rs.getTimestamp(6).toInstant()))
                          .findOne()
                          .filter(Charge::charged)
                          .orElseThrow(
                              () ->
                                  new DisputeException(
                                      Reason.UNKNOWN_TRIP,
                                      "you have no charged trip with request id "
                                          + requestId
                                          + ": nothing opened"));
                  if (!c.moved()) {
                    throw new DisputeException(
                        Reason.NOTHING_TO_REFUND,
                        "trip " + requestId + " cost nothing: there is no fare to dispute");
                  }
                  for (String state :
                      h.createQuery("SELECT state FROM fares.dispute WHERE request_id = :r")
                          .bind("r", requestId)
                          .mapTo(String.class)
                          .list()) {
                    if (state.equals("open")) {
                      throw new DisputeException(
                          Reason.ALREADY_OPEN,
                          "trip " + requestId + " already has an open dispute: nothing opened");
                    }
                    if (state.equals("approved")) {
                      throw new DisputeException(
                          Reason.ALREADY_REFUNDED,
                          "trip " + requestId + " was already refunded: nothing opened");
                    }
                  }
                  long id =
                      h.createQuery(
                              "INSERT INTO fares.dispute (request_id, wallet_id, reason, opened_at,"
                                  + " gate_id, trip_at, fare)"
                                  + " VALUES (:r, :w, :why, :t, :gate, :at, :fare) RETURNING id")
                          .bind("r", requestId)
                          .bind("w", c.wallet())
                          .bind("gate", c.gate())
                          .bind("at", c.at())
                          .bind("fare", c.amount())
                          .bind("why", reason)
                          .bind("t", clock.instant())
                          .mapTo(Long.class)
                          .one();
                  return find(h, id).orElseThrow();
                }));
  }

  @Override
  public Dispute approve(long id, String staff) {
    checkStaff(staff);
    return storage(
        () ->
            jdbi.inTransaction(
                h -> {
                  Dispute d = lock(h, id);
                  switch (d.state()) {
                    case APPROVED -> {
                      return d;
                    }
                    case REJECTED ->
                        throw new DisputeException(
                            Reason.ALREADY_DECIDED,
                            "dispute " + id + " was rejected: it cannot be approved");
                    case OPEN -> {}
                  }
                  boolean kept =
                      h.createQuery(
                              "SELECT 1 FROM fares.charge WHERE request_id = :r FOR NO KEY UPDATE")
                          .bind("r", d.trip().requestId())
                          .mapTo(Integer.class)
                          .findOne()
                          .isPresent();
                  if (!kept) {
                    throw new DisputeException(
                        Reason.UNKNOWN_TRIP,
                        "the charge of dispute " + id + " is no longer kept: nothing refunded");
                  }
                  String key = "dispute-" + id;
                  try {
                    ledger.refund(key, d.trip().requestId(), "dispute " + id + " approved");
                  } catch (LedgerException e) {
                    if (e.reason() == LedgerException.Reason.ALREADY_ADJUSTED) {
                      throw new DisputeException(
                          Reason.ALREADY_REFUNDED,
                          "the fare of dispute " + id + " was already refunded: nothing approved",
                          e);
                    }
                    throw new DisputeException(
                        Reason.STORAGE,
                        "the ledger could not refund dispute " + id + ": " + e.getMessage(),
                        e);
                  }
                  h.createUpdate(
                          "UPDATE fares.dispute SET state = 'approved', decided_at = :t,"
                              + " decided_by = :by, refund_key = :k WHERE id = :id")
                      .bind("t", clock.instant())
                      .bind("by", staff)
                      .bind("k", key)
                      .bind("id", id)
                      .execute();
                  return find(h, id).orElseThrow();
                }));
  }

  @Override
  public Dispute reject(long id, String staff, String reason) {
    checkStaff(staff);
    checkReason(reason, "a rejection's reason");
    return storage(
        () ->
            jdbi.inTransaction(
                h -> {
                  Dispute d = lock(h, id);
                  switch (d.state()) {
                    case REJECTED -> {
                      return d;
                    }
                    case APPROVED ->
                        throw new DisputeException(
                            Reason.ALREADY_DECIDED,
                            "dispute " + id + " was approved and refunded: it cannot be rejected");
                    case OPEN -> {}
                  }
                  h.createUpdate(
                          "UPDATE fares.dispute SET state = 'rejected', decided_at = :t,"
                              + " decided_by = :by, decision_reason = :why WHERE id = :id")
                      .bind("t", clock.instant())
                      .bind("by", staff)
                      .bind("why", reason)
                      .bind("id", id)
                      .execute();
                  return find(h, id).orElseThrow();
                }));
  }

  @Override
  public Optional<Dispute> find(long id) {
    return storage(() -> jdbi.withHandle(h -> find(h, id)));
  }

  @Override
  public List<Dispute> ofRider(RiderId rider) {
    Objects.requireNonNull(rider, "rider");
    return storage(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            SELECT + " WHERE w.rider = :r ORDER BY d.opened_at DESC, d.id DESC")
                        .bind("r", rider.value())
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  @Override
  public List<Dispute> queue(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a queue's limit is positive, not " + limit);
    }
    return storage(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            SELECT + " WHERE d.state = 'open' ORDER BY d.opened_at, d.id LIMIT :n")
                        .bind("n", limit)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  private static Optional<Dispute> find(Handle h, long id) {
    return h.createQuery(SELECT + " WHERE d.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> read(rs))
        .findOne();
  }

  /** The dispute, its row locked until the transaction ends. */
  private static Dispute lock(Handle h, long id) {
    boolean exists =
        h.createQuery("SELECT id FROM fares.dispute WHERE id = :id FOR UPDATE")
            .bind("id", id)
            .mapTo(Long.class)
            .findOne()
            .isPresent();
    if (!exists) {
      throw new DisputeException(Reason.UNKNOWN_DISPUTE, "no dispute number " + id);
    }
    return find(h, id).orElseThrow();
  }

  private static Dispute read(ResultSet rs) throws SQLException {
    Currency currency = Currency.getInstance(rs.getString(6));
    State state = State.valueOf(rs.getString(10).toUpperCase(java.util.Locale.ROOT));
    Optional<Decision> decision =
        state == State.OPEN
            ? Optional.empty()
            : Optional.of(
                new Decision(
                    state,
                    rs.getTimestamp(11).toInstant(),
                    rs.getString(12),
                    Optional.ofNullable(rs.getString(13)),
                    state == State.APPROVED
                        ? Optional.of(new Money(rs.getLong(14), currency))
                        : Optional.empty()));
    return new Dispute(
        rs.getLong(1),
        new Dispute.Trip(
            rs.getString(2),
            rs.getString(3),
            rs.getTimestamp(4).toInstant(),
            new Money(rs.getLong(5), currency)),
        new RiderId(rs.getString(7)),
        rs.getString(8),
        rs.getTimestamp(9).toInstant(),
        decision);
  }

  private static void checkRequestId(String requestId) {
    if (requestId == null || requestId.isBlank() || requestId.length() > 128) {
      throw new IllegalArgumentException("a trip's request id is 1-128 characters, not blank");
    }
  }

  private static void checkStaff(String staff) {
    if (staff == null || staff.isBlank() || staff.length() > 128) {
      throw new IllegalArgumentException("a member of staff's id is 1-128 characters");
    }
  }

  private static void checkReason(String reason, String what) {
    if (reason == null || reason.isBlank() || reason.length() > Dispute.MAX_REASON) {
      throw new IllegalArgumentException(
          what + " is 1-" + Dispute.MAX_REASON + " characters, not blank");
    }
  }

  private static <T> T storage(Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      throw new DisputeException(
          Reason.STORAGE, "the disputes database failed: " + t.getMessage() + "; retry", e);
    }
  }
}
