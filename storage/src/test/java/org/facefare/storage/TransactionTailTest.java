package org.facefare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTailTest {

  @TempDir static Path dir;
  private static Database db;

  @BeforeAll
  static void start() {
    db = Database.open(DatabaseSettings.Embedded.at(dir));
    db.migrate("storagetest", "classpath:db/storagetest");
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM storagetest.note");
    }
  }

  private static final String NOTE = "INSERT INTO storagetest.note (id, body) VALUES (?, ?)";

  private static TransactionTail.Parameters note(long id, String body) {
    return (ps, first) -> {
      ps.setLong(first, id);
      ps.setString(first + 1, body);
      return first + 2;
    };
  }

  private static final TransactionTail.Failures NOT_MINE = e -> null;

  @Test
  void theStatementsAndTheCommitGoTogetherAndTheConnectionGoesOn() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      insert(c, 1, "before the tail");
      TransactionTail tail = new TransactionTail(c);
      tail.add(NOTE, note(2, "first of the tail"), NOT_MINE);
      tail.add(
          "UPDATE storagetest.note SET body = body || ?",
          (ps, first) -> {
            ps.setString(first, " (seen)");
            return first + 1;
          },
          NOT_MINE);
      assertThat(tail.size()).isEqualTo(2);
      tail.commit();
      assertThat(notes())
          .as("committed: another connection sees it")
          .containsExactly("before the tail (seen)", "first of the tail (seen)");
      c.commit();
      insert(c, 3, "the next transaction");
      c.rollback();
      insert(c, 4, "and the one after");
      c.commit();
      insert(c, 5, "a tail of nothing but the commit");
      new TransactionTail(c).commit();
      assertThat(notes())
          .hasSize(4)
          .contains("and the one after", "a tail of nothing but the commit");
    }
  }

  @Test
  void aFailingStatementSkipsTheCommitAndIsToldByItsOwnFailures() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      insert(c, 1, "before the tail");
      TransactionTail tail = new TransactionTail(c);
      tail.add(NOTE, note(2, "fine"), NOT_MINE);
      tail.add(
          NOTE,
          note(1, "a duplicate key"),
          e -> "23505".equals(e.getSQLState()) ? new IllegalStateException("note 1 exists") : null);
      tail.add(NOTE, note(3, "never run"), NOT_MINE);
      assertThatThrownBy(tail::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("note 1 exists");
      assertThat(notes()).as("nothing committed").isEmpty();
      c.rollback();
      insert(c, 5, "after the rollback");
      c.commit();
      assertThat(notes()).containsExactly("after the rollback");
    }
  }

  @Test
  void aTransactionThatFailedBeforeItsTailIsNotCommitted() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      insert(c, 1, "first");
      assertThatThrownBy(() -> insert(c, 1, "again")).isInstanceOf(SQLException.class);
      TransactionTail tail = new TransactionTail(c);
      tail.add(NOTE, note(2, "after the failure"), NOT_MINE);
      assertThatThrownBy(tail::commit)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("current transaction is aborted");
      c.rollback();

      insert(c, 3, "first");
      assertThatThrownBy(() -> insert(c, 3, "again")).isInstanceOf(SQLException.class);
      TransactionTail nothingAdded = new TransactionTail(c);
      assertThatThrownBy(nothingAdded::commit)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("current transaction is aborted");
      c.rollback();
      assertThat(notes()).isEmpty();
    }
  }

  @Test
  void misuseIsRefused() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(true);
      assertThatThrownBy(() -> new TransactionTail(c))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs an open transaction");
      c.setAutoCommit(false);
      TransactionTail tail = new TransactionTail(c);
      assertThatThrownBy(() -> tail.add("SELECT 1; SELECT 2", note(1, "x"), NOT_MINE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one statement");
      assertThatThrownBy(() -> tail.add(" ", note(1, "x"), NOT_MINE))
          .isInstanceOf(IllegalArgumentException.class);
      tail.add(NOTE, note(7, "once"), NOT_MINE);
      tail.commit();
      assertThatThrownBy(tail::commit).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> tail.add(NOTE, note(8, "late"), NOT_MINE))
          .isInstanceOf(IllegalStateException.class);
      assertThat(notes()).containsExactly("once");
    }
  }

  private static void insert(Connection c, long id, String body) throws SQLException {
    try (var ps = c.prepareStatement(NOTE)) {
      note(id, body).bind(ps, 1);
      ps.executeUpdate();
    }
  }

  private static List<String> notes() throws SQLException {
    return DatabaseTest.notes(db);
  }
}
