package org.facefare.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The last statements of an open transaction, whose answers nobody waits for, sent to PostgreSQL
 * together with its {@code COMMIT} as one message.
 *
 * <p>Rationale. A writer that runs its statements one at a time waits for a round trip each, and on
 * a busy machine every round trip waits twice for a free core (the server's backend to run the
 * statement, the writer's thread to read the answer). Statements that only write and whose results
 * decide nothing can go with the commit: PostgreSQL's extended protocol runs the statements of one
 * message in order and, when one fails, skips the rest up to the message's Sync, so the {@code
 * COMMIT} never runs after a failed statement and the transaction is left to roll back (the
 * PostgreSQL manual, "Message Flow", "Extended Query" and "Pipelining"). The JDBC driver sends a
 * string of several statements as one such pipeline with one Sync, and its own {@code commit()}
 * then has nothing to do, since the server reports the connection idle. A {@code COMMIT} of a
 * transaction that had already failed answers {@code ROLLBACK} without an error, to the driver's
 * {@code commit()} too; the tail's first statement fails there instead, so a tail with none sends
 * {@code SELECT NULL} first.
 */
public final class TransactionTail {

  /** Binds one statement's parameters, from its first position on. */
  @FunctionalInterface
  public interface Parameters {

    /**
     * Sets the statement's parameters from {@code first}.
     *
     * @return the position after its last parameter
     */
    int bind(PreparedStatement statement, int first) throws SQLException;
  }

  /** Tells a failure of the tail that is one statement's own, as that statement's caller would. */
  @FunctionalInterface
  public interface Failures {

    /** The failure to report, or null when {@code e} is not this statement's. */
    RuntimeException translate(SQLException e);
  }

  private record Part(String sql, Parameters parameters, Failures failures) {}

  private final Connection connection;
  private final List<Part> parts = new ArrayList<>();
  private boolean sent;

  /**
   * A tail of the transaction open on {@code connection}.
   *
   * @throws IllegalStateException if the connection commits each statement by itself
   */
  public TransactionTail(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalStateException(
            "the connection commits every statement: a transaction tail needs an open transaction");
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read the connection's commit mode", e);
    }
  }

  /**
   * Adds one statement with {@code ?} parameters, sent after those added before it.
   *
   * @throws IllegalArgumentException if {@code sql} is blank or holds a semicolon (it must be one
   *     statement)
   * @throws IllegalStateException if the tail was sent already
   */
  public void add(String sql, Parameters parameters, Failures failures) {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(failures, "failures");
    if (sql.isBlank() || sql.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          "a tail's statement must be one statement without a semicolon, got: " + sql);
    }
    if (sent) {
      throw new IllegalStateException("this transaction's tail was sent already");
    }
    parts.add(new Part(sql, parameters, failures));
  }

  /** How many statements go before the commit. */
  public int size() {
    return parts.size();
  }

  /**
   * Sends the statements and the commit in one message and waits for the answer.
   *
   * @throws RuntimeException the failure as the failing statement's {@link Failures} tells it, or a
   *     {@link StorageException}; either way the transaction did not commit, unless the connection
   *     broke after the message was sent, when its end is unknown
   * @throws IllegalStateException if the tail was sent already
   */
  public void commit() {
    if (sent) {
      throw new IllegalStateException("this transaction's tail was sent already");
    }
    sent = true;
    try {
      StringBuilder sql = new StringBuilder(parts.isEmpty() ? "SELECT NULL; " : "");
      for (Part p : parts) {
        sql.append(p.sql()).append("; ");
      }
      sql.append("COMMIT");
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        int next = 1;
        for (Part p : parts) {
          next = p.parameters().bind(ps, next);
        }
        ps.execute();
      }
    } catch (SQLException e) {
      for (Part p : parts) {
        RuntimeException own = p.failures().translate(e);
        if (own != null) {
          throw own;
        }
      }
      throw new StorageException(
          "the transaction's last statements or its commit failed: " + e.getMessage(), e);
    }
  }
}
