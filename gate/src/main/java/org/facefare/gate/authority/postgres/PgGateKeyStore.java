package org.facefare.gate.authority.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.facefare.gate.authority.ConcurrentGateKeyChangeException;
import org.facefare.gate.authority.GateKeyChange;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.authority.GateKeyStore;
import org.facefare.gate.authority.RegisteredGate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The gate key register in {@code gate.gate_key} and its changes in {@code gate.gate_key_change}.
 */
final class PgGateKeyStore implements GateKeyStore {

  private final Jdbi jdbi;

  PgGateKeyStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<RegisteredGate> load() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT gate_id, current_key, previous_key, previous_until, revoked,"
                        + " changed_at, changed_by, version FROM gate.gate_key ORDER BY gate_id")
                .map((rs, ctx) -> gate(rs))
                .list());
  }

  @Override
  public void save(RegisteredGate gate, long expectedVersion, GateKeyChange change) {
    jdbi.useTransaction(
        h -> {
          int written = expectedVersion == 0 ? insert(h, gate) : update(h, gate, expectedVersion);
          if (written != 1) {
            throw new ConcurrentGateKeyChangeException(gate.gateId());
          }
          h.createUpdate(
                  "INSERT INTO gate.gate_key_change"
                      + " (gate_id, action, key_fingerprint, overlap_until, at, by_whom)"
                      + " VALUES (:g, :a, :f, :o, :t, :b)")
              .bind("g", change.gateId())
              .bind("a", change.action().name())
              .bind("f", change.keyFingerprint())
              .bind("o", change.overlapUntil().map(Timestamp::from).orElse(null))
              .bind("t", Timestamp.from(change.at()))
              .bind("b", change.by())
              .execute();
        });
  }

  private static int insert(Handle h, RegisteredGate g) {
    return bindGate(
            h.createUpdate(
                "INSERT INTO gate.gate_key (gate_id, current_key, previous_key, previous_until,"
                    + " revoked, changed_at, changed_by, version)"
                    + " VALUES (:g, :cur, :prev, :until, :rev, :at, :by, :v)"
                    + " ON CONFLICT (gate_id) DO NOTHING"),
            g)
        .execute();
  }

  private static int update(Handle h, RegisteredGate g, long expectedVersion) {
    return bindGate(
            h.createUpdate(
                "UPDATE gate.gate_key SET current_key = :cur, previous_key = :prev,"
                    + " previous_until = :until, revoked = :rev, changed_at = :at,"
                    + " changed_by = :by, version = :v WHERE gate_id = :g AND version = :expected"),
            g)
        .bind("expected", expectedVersion)
        .execute();
  }

  private static org.jdbi.v3.core.statement.Update bindGate(
      org.jdbi.v3.core.statement.Update u, RegisteredGate g) {
    return u.bind("g", g.gateId())
        .bind("cur", g.current().getEncoded())
        .bind("prev", g.previous().map(java.security.PublicKey::getEncoded).orElse(null))
        .bind("until", g.previousUntil().map(Timestamp::from).orElse(null))
        .bind("rev", g.revoked())
        .bind("at", Timestamp.from(g.changedAt()))
        .bind("by", g.changedBy())
        .bind("v", g.version());
  }

  @Override
  public List<GateKeyChange> history(String gateId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT gate_id, action, key_fingerprint, overlap_until, at, by_whom"
                        + " FROM gate.gate_key_change WHERE gate_id = :g ORDER BY id")
                .bind("g", gateId)
                .map(
                    (rs, ctx) ->
                        new GateKeyChange(
                            rs.getString(1),
                            GateKeyChange.Action.valueOf(rs.getString(2)),
                            rs.getString(3),
                            instant(rs, 4),
                            rs.getTimestamp(5).toInstant(),
                            rs.getString(6)))
                .list());
  }

  private static RegisteredGate gate(ResultSet rs) throws SQLException {
    byte[] previous = rs.getBytes(3);
    return new RegisteredGate(
        rs.getString(1),
        GateKeyRegistry.publicKey(rs.getBytes(2)),
        Optional.ofNullable(previous).map(GateKeyRegistry::publicKey),
        instant(rs, 4),
        rs.getBoolean(5),
        rs.getTimestamp(6).toInstant(),
        rs.getString(7),
        rs.getLong(8));
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return Optional.ofNullable(t).map(Timestamp::toInstant);
  }
}
