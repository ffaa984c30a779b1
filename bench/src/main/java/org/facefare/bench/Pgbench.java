package org.facefare.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facefare.storage.Database;

/**
 * The peer of the ledger benchmark, PostgreSQL's own pgbench (TPC-B-like script), run against the
 * same server; and the data-folder chores of a benchmark that loads a database.
 */
final class Pgbench {

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial");
  private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

  /**
   * pgbench's best run.
   *
   * @param tps its transactions per second
   * @param clients the client count that gave it
   * @param scale the pgbench scale factor
   * @param all TPS by client count
   * @param version pgbench's version line
   */
  record Result(double tps, int clients, int scale, Map<String, Double> all, String version) {}

  private Pgbench() {}

  /** The pgbench binary; installs Debian's {@code postgresql-contrib} if none is found. */
  static Path find() throws IOException, InterruptedException {
    Path found = locate();
    if (found != null) {
      return found;
    }
    if (Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      System.err.println("bench ledger: pgbench not found, installing postgresql-contrib ...");
      exec(List.of("apt-get", "install", "-y", "-q", "postgresql-contrib"), 900);
      found = locate();
      if (found != null) {
        return found;
      }
    }
    throw new IOException(
        "pgbench not found on PATH or in /usr/lib/postgresql/*/bin; install it (Debian:"
            + " apt-get install -y postgresql-contrib)");
  }

  private static Path locate() throws IOException {
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Path best =
            versions
                .map(v -> v.resolve("bin/pgbench"))
                .filter(Files::isExecutable)
                .max(
                    Comparator.comparing(
                        p ->
                            Integer.parseInt(
                                "0"
                                    + p.getParent()
                                        .getParent()
                                        .getFileName()
                                        .toString()
                                        .replaceAll("\\D", ""))))
                .orElse(null);
        if (best != null) {
          return best;
        }
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "pgbench");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Runs pgbench at each client count on database {@code pgbench} of the same server. */
  static Result run(Path pgbench, Database db, List<Integer> clients, int seconds)
      throws IOException, InterruptedException, SQLException {
    Matcher m = HOST_PORT.matcher(db.jdbcUrl());
    if (!m.find()) {
      throw new IOException("cannot find host and port in " + db.jdbcUrl());
    }
    String host = m.group(1);
    String port = m.group(2);
    LedgerBench.sql(db, "DROP DATABASE IF EXISTS pgbench", "CREATE DATABASE pgbench");
    int scale = clients.stream().mapToInt(Integer::intValue).max().orElse(16);
    List<String> conn = List.of("-h", host, "-p", port, "-U", "postgres");
    List<String> init = new ArrayList<>(List.of(pgbench.toString(), "-i", "-q", "-s", "" + scale));
    init.addAll(conn);
    init.add("pgbench");
    exec(init, 1_800);
    LedgerBench.sql(db, "CHECKPOINT");
    Map<String, Double> all = new LinkedHashMap<>();
    double best = 0;
    int bestClients = 0;
    for (int c : clients) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  pgbench.toString(),
                  "-n",
                  "-M",
                  "prepared",
                  "-c",
                  "" + c,
                  "-j",
                  "" + Math.min(c, 2),
                  "-T",
                  "" + seconds));
      cmd.addAll(conn);
      cmd.add("pgbench");
      String log = exec(cmd, seconds + 600L);
      Matcher t = TPS.matcher(log);
      if (!t.find()) {
        throw new IOException("pgbench printed no TPS: " + log);
      }
      double tps = Double.parseDouble(t.group(1));
      all.put(Integer.toString(c), tps);
      if (tps > best) {
        best = tps;
        bestClients = c;
      }
    }
    String version = exec(List.of(pgbench.toString(), "--version"), 30).strip();
    return new Result(best, bestClients, scale, all, version);
  }

  private static String exec(List<String> cmd, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + log.strip());
    }
    return log;
  }

  /** The size of the benchmark's database, as PostgreSQL prints it. */
  static String databaseSize(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Refuses to start without room for the data. */
  static void checkDisk(Path dir, long bytes) throws IOException {
    Path existing = dir.toAbsolutePath();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    long free = Files.getFileStore(existing).getUsableSpace();
    System.err.printf(
        "bench ledger: about %d MB needed in %s, %d MB free%n", bytes >> 20, dir, free >> 20);
    if (free < bytes) {
      throw new IOException(
          "not enough disk in "
              + dir
              + ": about "
              + (bytes >> 20)
              + " MB needed, "
              + (free >> 20)
              + " MB free; use fewer --riders or another --data folder");
    }
  }

  /** Empties a data folder that holds a PostgreSQL cluster (or nothing); refuses anything else. */
  static void clean(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!Files.exists(dir.resolve("PG_VERSION"))) {
      throw new IOException(
          dir + " is neither empty nor a PostgreSQL data folder: refusing to clear it");
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
