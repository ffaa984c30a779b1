package org.facefare.server.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.facefare.server.web.auth.Accounts;
import org.facefare.server.web.auth.PasswordHashing;
import org.facefare.server.web.auth.Role;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * The running web apps of one FaceFare system: the accounts, the staff accounts kept in the data
 * directory, and the web server with its features.
 *
 * <p>The operator's and the auditor's passwords are generated on first start and kept in {@code
 * web/staff.properties} under the data directory (owner-only permissions), so that a second run
 * signs in with the same ones; deleting the file issues new ones.
 */
public final class WebApps implements AutoCloseable {

  /** The operator's address. */
  public static final String OPERATOR = "operator@facefare.local";

  /** The auditor's address. */
  public static final String AUDITOR = "auditor@facefare.local";

  private final WebServer server;
  private final Accounts accounts;
  private final Properties staff;

  private WebApps(WebServer server, Accounts accounts, Properties staff) {
    this.server = server;
    this.accounts = accounts;
    this.staff = staff;
  }

  /**
   * Starts the web apps of {@code system}.
   *
   * @param dataDirectory where the staff credentials are kept
   * @param features the rider portal, operator console and other features, given the context
   * @throws IOException if the staff credentials cannot be read or written
   */
  public static WebApps start(
      FaceFareSystem system,
      Path dataDirectory,
      WebSettings settings,
      InstantSource clock,
      Function<WebContext, List<WebFeature>> features)
      throws IOException {
    Objects.requireNonNull(features, "features");
    SecureRandom random = new SecureRandom();
    Clock utc = clock instanceof Clock c ? c : clock.withZone(ZoneOffset.UTC);
    Accounts accounts = Accounts.open(system.database(), new PasswordHashing(), utc, random);
    Properties staff = staffCredentials(dataDirectory.resolve("web").resolve("staff.properties"));
    accounts.ensureStaff(OPERATOR, staff.getProperty(OPERATOR), Role.OPERATOR);
    accounts.ensureStaff(AUDITOR, staff.getProperty(AUDITOR), Role.AUDITOR);
    WebContext context = new WebContext(system, accounts, clock);
    WebServer server = WebServer.start(settings, context, new ArrayList<>(features.apply(context)));
    return new WebApps(server, accounts, staff);
  }

  /** The base URL. */
  public java.net.URI url() {
    return server.url();
  }

  /** The accounts. */
  public Accounts accounts() {
    return accounts;
  }

  /** The password of a staff address ({@link #OPERATOR} or {@link #AUDITOR}). */
  public String staffPassword(String address) {
    String p = staff.getProperty(address);
    if (p == null) {
      throw new IllegalArgumentException("no staff account " + address);
    }
    return p;
  }

  @Override
  public void close() {
    server.close();
  }

  private static Properties staffCredentials(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file)) {
        p.load(in);
      }
    }
    boolean changed = false;
    SecureRandom random = new SecureRandom();
    for (String address : List.of(OPERATOR, AUDITOR)) {
      String existing = p.getProperty(address);
      if (existing == null || existing.length() < Accounts.MIN_PASSWORD) {
        byte[] b = new byte[15];
        random.nextBytes(b);
        p.setProperty(address, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        changed = true;
      }
    }
    if (changed) {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(tmp);
      }
      try (var out = Files.newBufferedWriter(tmp)) {
        p.store(out, "FaceFare staff accounts of this data directory (delete to issue new ones)");
      }
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return p;
  }
}
