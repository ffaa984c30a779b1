package org.facefare.privacy.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.facepay.EnrolmentRecords;
import org.facefare.privacy.facepay.EraseReceipt;
import org.facefare.privacy.facepay.FacePayState;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Consent records and face-pay states in {@code privacy.consent} and {@code privacy.face_pay}. */
final class PgEnrolmentRecords implements EnrolmentRecords {

  private final Jdbi jdbi;

  PgEnrolmentRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void enrol(ConsentRecord consent) {
    jdbi.useTransaction(
        h -> {
          int inserted =
              h.createUpdate(
                      "INSERT INTO privacy.face_pay (pseudonym, state, since)"
                          + " VALUES (:p, 'ACTIVE', :t) ON CONFLICT DO NOTHING")
                  .bind("p", consent.rider().value())
                  .bind("t", Timestamp.from(consent.givenAt()))
                  .execute();
          if (inserted == 0) {
            throw new IllegalStateException("rider " + consent.rider() + " is enrolled already");
          }
          insertConsent(h, consent);
        });
  }

  private static void insertConsent(Handle h, ConsentRecord consent) {
    h.createUpdate(
            "INSERT INTO privacy.consent (pseudonym, version, text_sha256, given_at)"
                + " VALUES (:p, :v, :h, :t)")
        .bind("p", consent.rider().value())
        .bind("v", consent.version())
        .bind("h", consent.textSha256().toLowerCase(java.util.Locale.ROOT))
        .bind("t", Timestamp.from(consent.givenAt()))
        .execute();
  }

  @Override
  public Optional<FacePayState> state(Pseudonym rider) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT state FROM privacy.face_pay WHERE pseudonym = :p")
                .bind("p", rider.value())
                .mapTo(String.class)
                .findOne()
                .map(FacePayState::valueOf));
  }

  @Override
  public boolean move(Pseudonym rider, FacePayState from, FacePayState to, Instant when) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE privacy.face_pay SET state = :to, since = :t"
                            + " WHERE pseudonym = :p AND state = :from")
                    .bind("p", rider.value())
                    .bind("from", from.name())
                    .bind("to", to.name())
                    .bind("t", Timestamp.from(when))
                    .execute())
        == 1;
  }

  @Override
  public boolean withdraw(Pseudonym rider, Instant when) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE privacy.consent SET withdrawn_at = GREATEST(:t, given_at)"
                      + " WHERE pseudonym = :p AND withdrawn_at IS NULL")
              .bind("p", rider.value())
              .bind("t", Timestamp.from(when))
              .execute();
          return h.createUpdate("DELETE FROM privacy.face_pay WHERE pseudonym = :p")
                  .bind("p", rider.value())
                  .execute()
              == 1;
        });
  }

  @Override
  public void addConsent(ConsentRecord consent) {
    jdbi.useTransaction(
        h -> {
          boolean enrolled =
              h.createQuery("SELECT true FROM privacy.face_pay WHERE pseudonym = :p FOR UPDATE")
                  .bind("p", consent.rider().value())
                  .mapTo(Boolean.class)
                  .findOne()
                  .isPresent();
          if (!enrolled) {
            throw new IllegalStateException("rider " + consent.rider() + " is not enrolled");
          }
          insertConsent(h, consent);
        });
  }

  @Override
  public List<Pseudonym> consentedBefore(
      int version, FacePayState state, Optional<Pseudonym> after, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT f.pseudonym FROM privacy.face_pay f WHERE f.state = :state"
                        + " AND f.pseudonym > :after AND (SELECT max(c.version) FROM privacy.consent"
                        + " c WHERE c.pseudonym = f.pseudonym AND c.withdrawn_at IS NULL) < :v"
                        + " ORDER BY f.pseudonym LIMIT :limit")
                .bind("state", state.name())
                .bind("after", after.map(Pseudonym::value).orElse(""))
                .bind("v", version)
                .bind("limit", limit)
                .mapTo(String.class)
                .map(Pseudonym::new)
                .list());
  }

  @Override
  public void saveReceipt(EraseReceipt receipt) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO privacy.erase_receipt (receipt_id, pseudonym, erased_at,"
                        + " galleries, signature) VALUES (:id, :p, :t, :g, :s)")
                .bind("id", receipt.receiptId())
                .bind("p", receipt.rider().value())
                .bind("t", Timestamp.from(receipt.erasedAt()))
                .bind("g", receipt.galleriesCleared())
                .bind("s", receipt.signature())
                .execute());
  }

  @Override
  public List<EraseReceipt> receipts(Pseudonym rider) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT receipt_id, erased_at, galleries, signature FROM privacy.erase_receipt"
                        + " WHERE pseudonym = :p ORDER BY erased_at, receipt_id")
                .bind("p", rider.value())
                .map(
                    (rs, ctx) ->
                        new EraseReceipt(
                            rs.getString(1),
                            rider,
                            rs.getTimestamp(2).toInstant(),
                            rs.getInt(3),
                            rs.getBytes(4)))
                .list());
  }

  @Override
  public List<ConsentRecord> consents(Pseudonym rider) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT version, text_sha256, given_at, withdrawn_at FROM privacy.consent"
                        + " WHERE pseudonym = :p ORDER BY given_at")
                .bind("p", rider.value())
                .map((rs, ctx) -> consent(rider, rs))
                .list());
  }

  @Override
  public List<Pseudonym> enrolled(
      Optional<FacePayState> state, Optional<Pseudonym> after, int limit) {
    return jdbi.withHandle(
        h -> {
          Query q =
              h.createQuery(
                      "SELECT pseudonym FROM privacy.face_pay"
                          + " WHERE (CAST(:state AS text) IS NULL OR state = :state)"
                          + " AND pseudonym > :after ORDER BY pseudonym LIMIT :limit")
                  .bind("state", state.map(FacePayState::name).orElse(null))
                  .bind("after", after.map(Pseudonym::value).orElse(""))
                  .bind("limit", limit);
          return q.mapTo(String.class).map(Pseudonym::new).list();
        });
  }

  @Override
  public Map<FacePayState, Long> counts() {
    Map<FacePayState, Long> counts = new EnumMap<>(FacePayState.class);
    for (FacePayState s : FacePayState.values()) {
      counts.put(s, 0L);
    }
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT state, count(*) AS n FROM privacy.face_pay GROUP BY state")
                .map((rs, ctx) -> Map.entry(FacePayState.valueOf(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
    return counts;
  }

  private static ConsentRecord consent(Pseudonym rider, ResultSet rs) throws SQLException {
    Timestamp withdrawn = rs.getTimestamp("withdrawn_at");
    return new ConsentRecord(
        rider,
        rs.getInt("version"),
        rs.getString("text_sha256"),
        rs.getTimestamp("given_at").toInstant(),
        Optional.ofNullable(withdrawn).map(Timestamp::toInstant));
  }
}
