package org.facefare.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.facefare.gallery.DecisionRule;
import org.facefare.gallery.ModelProfile;
import org.facefare.gate.authority.GateKeyChange;
import org.facefare.gate.authority.GateKeyListing;
import org.facefare.gate.authority.GateKeyRegistry;
import org.facefare.gate.authority.postgres.GateDatabase;
import org.facefare.gate.protocol.GateKeyFiles;
import org.facefare.gate.transport.AuthorityHttpServer;
import org.facefare.gate.transport.ServerTls;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.storage.Database;
import org.facefare.storage.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code facefare authority}: the fare authority alone over a data directory, serving the gate
 * protocol until stopped; {@code facefare authority gates …} is the operator's gate key register.
 *
 * <p>The register commands open the data directory's database themselves, so they refuse to run
 * while an authority holds the directory (its lock), and an authority sees their changes when it
 * starts.
 */
@Command(
    name = "authority",
    mixinStandardHelpOptions = true,
    description =
        "Run the fare authority over a data directory: signed gate requests in, fare decisions"
            + " out (plain HTTP on localhost by default, HTTPS with --tls-keystore).",
    subcommands = {AuthorityCommand.Gates.class})
final class AuthorityCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      description = "Data directory (the database, the keys; the same as the demo's).")
  Path data;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8470;

  @Option(names = "--tls-keystore", description = "PKCS#12 key store: serve HTTPS with it.")
  Path tlsKeystore;

  @Option(
      names = "--tls-password-env",
      description = "Environment variable holding the key store's password.")
  String tlsPasswordEnv;

  @Option(
      names = "--threshold",
      description =
          "Open-set threshold (default: the gallery's, the default model's FMR 1e-6 threshold).")
  Double threshold;

  @Option(names = "--margin", description = "Open-set margin (default: the gallery's).")
  Double margin;

  @Option(
      names = "--clock-window",
      description = "How far a request's time may be from the authority's (default: 30s).")
  String clockWindow = "30s";

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintStream err = System.err;
    if (data == null) {
      err.println("facefare authority: --data DIR is required");
      return 2;
    }
    if (port < 0 || port > 65_535) {
      err.println("facefare authority: --port must be 0-65535, not " + port);
      return 2;
    }
    Optional<ServerTls> tls;
    Duration window;
    ModelProfile profile;
    try {
      tls = tls();
      window = GateConfig.duration(clockWindow, "--clock-window");
      ModelProfile base = ModelProfile.defaultModel();
      DecisionRule rule = base.rule();
      profile =
          base.withRule(
              new DecisionRule(
                  threshold != null ? threshold : rule.threshold(),
                  margin != null ? margin : rule.margin()));
    } catch (IllegalArgumentException | IOException e) {
      err.println("facefare authority: " + e.getMessage());
      return 2;
    }
    DataDirectoryLock lock;
    try {
      lock = DataDirectoryLock.take(data);
    } catch (IOException e) {
      err.println("facefare authority: " + e.getMessage());
      return 2;
    }
    FaceFareSystem system = null;
    AuthorityHttpServer http = null;
    try {
      system = FaceFareSystem.builder(data).profile(profile).clockWindow(window).open();
      http = AuthorityHttpServer.start(system.authority(), host, port, Duration.ofSeconds(10), tls);
    } catch (IOException | RuntimeException e) {
      if (system != null) {
        system.close();
      }
      lock.close();
      err.println("facefare authority: could not start: " + e.getMessage());
      return 1;
    }
    long gates =
        system.gateKeys().gates().stream()
            .filter(g -> g.state() != GateKeyListing.State.REVOKED)
            .count();
    System.out.printf(
        "fare authority: %s%s · %d riders · %d gates registered · data %s%n",
        http.uri(),
        org.facefare.gate.transport.GateHeaders.DECISIONS_PATH,
        system.ridersLoadedAtStart(),
        gates,
        data.toAbsolutePath());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    FaceFareSystem s = system;
    AuthorityHttpServer h = http;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  h.close();
                  s.close();
                  try {
                    lock.close();
                  } catch (IOException e) {
                    System.err.println("facefare authority: " + e.getMessage());
                  }
                  System.err.println("facefare authority: stopped");
                  stopped.countDown();
                },
                "facefare-authority-stop"));
    stopped.await();
    return 0;
  }

  private Optional<ServerTls> tls() throws IOException {
    if (tlsKeystore == null) {
      if (tlsPasswordEnv != null) {
        throw new IllegalArgumentException("--tls-password-env needs --tls-keystore");
      }
      return Optional.empty();
    }
    if (tlsPasswordEnv == null) {
      throw new IllegalArgumentException(
          "--tls-keystore needs --tls-password-env VAR (the password is never an argument)");
    }
    String password = System.getenv(tlsPasswordEnv);
    if (password == null) {
      throw new IllegalArgumentException("environment variable " + tlsPasswordEnv + " is not set");
    }
    return Optional.of(ServerTls.pkcs12(tlsKeystore, password.toCharArray()));
  }

  /** {@code facefare authority gates}: the operator's gate key register. */
  @Command(
      name = "gates",
      mixinStandardHelpOptions = true,
      description = "The gate key register: register, rotate, revoke, list.",
      subcommands = {Register.class, Rotate.class, Revoke.class, ListGates.class})
  static final class Gates {}

  /** The options every register command takes. */
  static final class RegisterOptions {
    @Option(names = "--data", required = true, description = "The authority's data directory.")
    Path data;

    @Option(
        names = "--by",
        description =
            "Who makes the change, for the record (default: the OS user, ${DEFAULT-VALUE}).")
    String by = System.getProperty("user.name", GateKeyRegistry.UNATTRIBUTED);
  }

  /** A change to the register, with its database open and the data directory locked. */
  @FunctionalInterface
  interface RegisterAction {
    int run(GateKeyRegistry registry, PrintStream out) throws IOException;
  }

  static int withRegister(RegisterOptions o, String what, RegisterAction action) {
    try (DataDirectoryLock lock = DataDirectoryLock.take(o.data);
        Database db = Database.open(DatabaseSettings.Embedded.at(o.data.resolve("postgres")))) {
      GateKeyRegistry registry =
          new GateKeyRegistry(java.time.Clock.systemUTC(), GateDatabase.open(db).keys());
      return action.run(registry, System.out);
    } catch (IOException | RuntimeException e) {
      System.err.println("facefare authority gates " + what + ": " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    }
  }

  /** {@code facefare authority gates register}. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register a gate's public key (from ./facefare gate keygen).")
  static final class Register implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegisterOptions options = new RegisterOptions();

    @Option(names = "--id", required = true, description = "The gate's id.")
    String id;

    @Option(names = "--key", required = true, description = "The gate's public key (PEM).")
    Path key;

    @Override
    public Integer call() {
      return withRegister(
          options,
          "register",
          (registry, out) -> {
            PublicKey k = GateKeyFiles.readPublic(key);
            registry.register(id, k, options.by);
            out.println("registered gate " + id + " " + GateKeyRegistry.fingerprint(k));
            return 0;
          });
    }
  }

  /** {@code facefare authority gates rotate}. */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = "Give a gate a new key, accepting the old one for an overlap.")
  static final class Rotate implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegisterOptions options = new RegisterOptions();

    @Option(names = "--id", required = true, description = "The gate's id.")
    String id;

    @Option(names = "--key", required = true, description = "The gate's new public key (PEM).")
    Path key;

    @Option(
        names = "--overlap",
        description = "How long the old key stays valid (default: ${DEFAULT-VALUE}).")
    String overlap = "10m";

    @Override
    public Integer call() {
      return withRegister(
          options,
          "rotate",
          (registry, out) -> {
            PublicKey k = GateKeyFiles.readPublic(key);
            registry.rotate(id, k, GateConfig.duration(overlap, "--overlap"), options.by);
            out.println("rotated gate " + id + " to " + GateKeyRegistry.fingerprint(k));
            return 0;
          });
    }
  }

  /** {@code facefare authority gates revoke}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke every key of a gate.")
  static final class Revoke implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegisterOptions options = new RegisterOptions();

    @Option(names = "--id", required = true, description = "The gate's id.")
    String id;

    @Override
    public Integer call() {
      return withRegister(
          options,
          "revoke",
          (registry, out) -> {
            if (!registry.revoke(id, options.by)) {
              System.err.println(
                  "facefare authority gates revoke: gate " + id + " is not registered or revoked");
              return 1;
            }
            out.println("revoked gate " + id);
            return 0;
          });
    }
  }

  /** {@code facefare authority gates list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the gates with their key fingerprints and state, or one gate's changes.")
  static final class ListGates implements Callable<Integer> {
    @picocli.CommandLine.Mixin RegisterOptions options = new RegisterOptions();

    @Option(names = "--history", description = "Show this gate's changes instead.")
    String history;

    @Override
    public Integer call() {
      return withRegister(
          options,
          "list",
          (registry, out) -> {
            DateTimeFormatter t = DateTimeFormatter.ISO_INSTANT;
            if (history != null) {
              List<GateKeyChange> changes = registry.history(history);
              if (changes.isEmpty()) {
                System.err.println("facefare authority gates list: no gate " + history);
                return 1;
              }
              for (GateKeyChange c : changes) {
                out.printf(
                    "%s  %-8s  %s%s  by %s%n",
                    t.format(c.at()),
                    c.action(),
                    c.keyFingerprint(),
                    c.overlapUntil().map(u -> "  old key until " + t.format(u)).orElse(""),
                    c.by());
              }
              return 0;
            }
            for (GateKeyListing g : registry.gates()) {
              out.printf(
                  "%-20s %-8s %s%s  changed %s by %s%n",
                  g.gateId(),
                  g.state(),
                  g.keyFingerprint(),
                  g.previousUntil().map(u -> "  (old key until " + t.format(u) + ")").orElse(""),
                  t.format(g.changedAt()),
                  g.changedBy());
            }
            return 0;
          });
    }
  }
}
