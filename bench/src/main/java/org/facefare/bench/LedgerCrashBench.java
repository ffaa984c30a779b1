package org.facefare.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.facefare.face.eval.MachineInfo;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.fares.ledger.Reconciliation;
import org.facefare.fares.ledger.postgres.PostgresLedger;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare bench ledger-crash}: a stream of charges from a client process that is killed
 * with {@code kill -9} several times, alternately the client itself and the PostgreSQL server under
 * it; each new client retries every request whose answer was not received. Afterwards: no request
 * charged twice, every acknowledged charge in the ledger with the acknowledged amount, and the
 * reconciliation holds.
 *
 * <p>"Acknowledged" means the answer line reached this process before the kill. A double charge
 * would show as two acknowledgements of one request with different amounts or balances, a fare
 * entry that no charge record names, or a wallet whose balance is not the sum of its lines.
 */
@Command(
    name = "ledger-crash",
    mixinStandardHelpOptions = true,
    description = "Charges with retries while the client or the server is killed -9.")
final class LedgerCrashBench implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--data", description = "PostgreSQL data folder (default: a temporary one).")
  Path data;

  @Option(names = "--kills", description = "kill -9s (default: ${DEFAULT-VALUE}).")
  int kills = 6;

  @Option(names = "--riders", description = "Riders (default: ${DEFAULT-VALUE}).")
  int riders = 200;

  @Option(names = "--in-flight", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  int inFlight = 64;

  @Option(
      names = "--min-ms",
      description = "Shortest run before a kill (default: ${DEFAULT-VALUE}).")
  int minMs = 1_500;

  @Option(
      names = "--max-ms",
      description = "Longest run before a kill (default: ${DEFAULT-VALUE}).")
  int maxMs = 5_000;

  @Option(names = "--seed", description = "Default: ${DEFAULT-VALUE}.")
  long seed = 7;

  /** One acknowledgement: amount, balance after, and the outcome word. */
  private record Ack(long amount, long balance, String outcome) {}

  private final Map<Long, Ack> acked = new HashMap<>();
  private final java.util.Set<Long> issued = new java.util.HashSet<>();
  private long attempts;
  private long replayedAcks;
  private long conflictingAcks;
  private long errors;
  private long maxIssued = -1;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    Path dir = data != null ? data : Files.createTempDirectory("facefare-ledger-crash-");
    Pgbench.clean(dir);
    SplittableRandom random = new SplittableRandom(seed);
    int clientKills = 0;
    int serverKills = 0;
    try {
      for (int k = 0; k < kills; k++) {
        boolean killServer = k % 2 == 1;
        Process child = start(dir, firstUnacked(), 0);
        BufferedReader lines = reader(child);
        if (!awaitReady(lines, child)) {
          throw new IOException("the client did not start (exit " + child.exitValue() + ")");
        }
        long runFor = minMs + random.nextInt(Math.max(1, maxMs - minMs));
        Thread reader = Thread.ofPlatform().start(() -> consume(lines));
        Thread.sleep(runFor);
        if (killServer) {
          ProcessHandle postmaster =
              postmaster(dir).orElseThrow(() -> new IOException("no postmaster"));
          postmaster.destroyForcibly();
          postmaster.onExit().get(30, TimeUnit.SECONDS);
          serverKills++;
          if (!child.waitFor(10, TimeUnit.SECONDS)) {
            child.destroyForcibly();
          }
        } else {
          child.destroyForcibly();
          clientKills++;
        }
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(30_000);
        System.err.printf(
            "kill %d (%s) after %d ms: %d issued, %d acknowledged%n",
            k + 1, killServer ? "server" : "client", runFor, issued.size(), acked.size());
        Thread.sleep(1_000);
      }
      Process last = start(dir, firstUnacked(), maxIssued + 1);
      BufferedReader lines = reader(last);
      if (!awaitReady(lines, last)) {
        throw new IOException("the final client did not start");
      }
      consume(lines);
      if (!last.waitFor(120, TimeUnit.SECONDS) || last.exitValue() != 0) {
        throw new IOException("the final client failed: exit " + last.exitValue());
      }
      ObjectNode fig = verify(dir);
      fig.put("kills", clientKills + serverKills);
      fig.put("client_kills", clientKills);
      fig.put("server_kills", serverKills);
      fig.set("machine", LedgerBench.JSON.valueToTree(MachineInfo.collect()));
      LedgerBench.JSON.writeValue(out.resolve("figures.json").toFile(), fig);
      System.err.println(LedgerBench.JSON.writeValueAsString(fig));
      return fig.path("double_charges").asLong() == 0
              && fig.path("lost_acknowledged").asLong() == 0
              && fig.path("reconciliation_ok").asBoolean()
          ? 0
          : 1;
    } finally {
      if (data == null) {
        Pgbench.clean(dir);
        Files.deleteIfExists(dir);
      }
    }
  }

  private ObjectNode verify(Path dir) throws SQLException {
    ObjectNode fig = LedgerBench.JSON.createObjectNode();
    LedgerPricing pricing = LedgerPricing.sampleMetro();
    try (Database db = Database.open(DatabaseSettings.Embedded.at(dir));
        PostgresLedger ledger =
            PostgresLedger.open(
                db, pricing.pricer(), new SandboxPaymentProvider(), LedgerSettings.defaults())) {
      Map<Long, long[]> stored = new HashMap<>();
      long orphanFares;
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery("SELECT request_id, amount, balance_after FROM fares.charge")) {
          while (rs.next()) {
            stored.put(
                Long.parseLong(rs.getString(1).substring(2)),
                new long[] {rs.getLong(2), rs.getLong(3)});
          }
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM fares.journal_entry e WHERE e.kind = 'fare' AND NOT EXISTS"
                    + " (SELECT 1 FROM fares.charge c WHERE c.entry_id = e.id)")) {
          rs.next();
          orphanFares = rs.getLong(1);
        }
      }
      long lost = 0;
      for (var e : acked.entrySet()) {
        long[] s = stored.get(e.getKey());
        if (s == null || s[0] != e.getValue().amount() || s[1] != e.getValue().balance()) {
          lost++;
        }
      }
      long unrecorded = issued.stream().filter(i -> !stored.containsKey(i)).count();
      Reconciliation rec = ledger.reconcile();
      fig.put("requests", issued.size());
      fig.put("attempts", attempts);
      fig.put("acknowledged", acked.size());
      fig.put("replayed_answers", replayedAcks);
      fig.put("refused_or_failed_answers", errors);
      fig.put("double_charges", conflictingAcks + orphanFares);
      fig.put("lost_acknowledged", lost);
      fig.put("issued_but_unrecorded_after_retries", unrecorded);
      fig.put("recorded_charges", stored.size());
      fig.put("reconciliation_ok", rec.ok());
      fig.set("reconciliation_mismatches", LedgerBench.JSON.valueToTree(rec.mismatches()));
      fig.put("riders", riders);
      fig.put("in_flight", inFlight);
    }
    return fig;
  }

  private long firstUnacked() {
    for (long i = 0; i <= maxIssued; i++) {
      if (!acked.containsKey(i)) {
        return i;
      }
    }
    return maxIssued + 1;
  }

  private Process start(Path dir, long from, long to) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                LedgerCrashChild.class.getName(),
                dir.toString(),
                Integer.toString(riders),
                Long.toString(from),
                Long.toString(to),
                Integer.toString(inFlight)));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static boolean awaitReady(BufferedReader lines, Process p) throws IOException {
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.equals("ready")) {
        return true;
      }
    }
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void consume(BufferedReader lines) {
    try {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] p = line.split(" ", 6);
        synchronized (this) {
          switch (p[0]) {
            case "s" -> {
              long i = Long.parseLong(p[1]);
              issued.add(i);
              attempts++;
              maxIssued = Math.max(maxIssued, i);
            }
            case "a" -> {
              Ack a = new Ack(Long.parseLong(p[2]), Long.parseLong(p[3]), p[5]);
              Ack before = acked.putIfAbsent(Long.parseLong(p[1]), a);
              if (before != null && !before.equals(a)) {
                conflictingAcks++;
              }
              if (p[4].equals("1")) {
                replayedAcks++;
              }
            }
            case "e" -> errors++;
            default -> {}
          }
        }
      }
    } catch (IOException e) {
      // The client was killed: its output ends here.
    }
  }

  private static Optional<ProcessHandle> postmaster(Path dir) throws IOException {
    Path pid = dir.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()));
  }
}
