package org.facefare.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path dir;

  @Test
  void embeddedDataSurvivesARestartAndDurabilityStaysOn() throws SQLException {
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir))) {
      assertThat(db.embedded()).isTrue();
      assertThat(db.setting("fsync")).isEqualTo("on");
      assertThat(db.setting("synchronous_commit")).isEqualTo("on");
      assertThat(db.setting("wal_init_zero")).isEqualTo("off");
      assertThatThrownBy(() -> db.migrate("Bad-Schema", "classpath:db/storagetest"))
          .hasMessageContaining("lower-case SQL identifier");
      assertThatThrownBy(() -> db.migrate("nowhere", "classpath:db/no-such-folder"))
          .isInstanceOf(StorageException.class);
      assertThat(db.migrate("storagetest", "classpath:db/storagetest")).isEqualTo(1);
      execute(db, "INSERT INTO storagetest.note VALUES (1, 'kept')");
    }
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir))) {
      assertThat(db.migrate("storagetest", "classpath:db/storagetest")).isZero();
      assertThat(notes(db)).containsExactly("kept");

      DatabaseSettings.External external =
          new DatabaseSettings.External(db.jdbcUrl(), "postgres", "", 2);
      try (Database other = Database.open(external)) {
        assertThat(other.embedded()).isFalse();
        assertThat(notes(other)).containsExactly("kept");
      }
    }
  }

  @Test
  void aServerLeftBehindByAKilledProcessIsStoppedAndItsCommitsKept() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(java, "-cp", classpath, KilledOwner.class.getName(), dir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("committed")) {
        lines.add(line);
      }
      assertThat(line).as("child output: %s", lines).isEqualTo("committed");
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir))) {
      assertThat(notes(db)).containsExactly("before the kill");
    }
  }

  @Test
  void badSettingsAreClearErrors() {
    assertThatThrownBy(() -> new DatabaseSettings.External("jdbc:mysql://x/y", "u", "p", 4))
        .hasMessageContaining("PostgreSQL only");
    assertThatThrownBy(() -> new DatabaseSettings.Embedded(dir, 70_000, 4))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> new DatabaseSettings.Embedded(dir, 0, 0))
        .hasMessageContaining("pool size");
    assertThat(new DatabaseSettings.External("jdbc:postgresql://h/db", "u", "secret", 4).toString())
        .doesNotContain("secret");
  }

  @Test
  void anUnreachableExternalServerIsAClearError() {
    assertThatThrownBy(
            () ->
                Database.open(
                    new DatabaseSettings.External(
                        "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "u", "", 1)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("could not connect");
  }

  private static void execute(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  /** The notes' bodies in id order (also read by {@link TransactionTailTest}). */
  static List<String> notes(Database db) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT body FROM storagetest.note ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
