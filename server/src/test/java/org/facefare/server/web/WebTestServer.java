package org.facefare.server.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.facefare.server.web.auth.Accounts;
import org.facefare.server.web.auth.PasswordHashing;
import org.facefare.server.web.auth.Role;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * A FaceFare system on a temporary data directory with the web apps on a free port, and one
 * operator and one auditor account, for web and browser tests.
 */
public final class WebTestServer implements AutoCloseable {

  /** The operator's address. */
  public static final String OPERATOR = "operator@test.example";

  /** The auditor's address. */
  public static final String AUDITOR = "auditor@test.example";

  /** The staff accounts' password. */
  public static final String STAFF_PASSWORD = "correct horse battery staple";

  private final FaceFareSystem system;
  private final Accounts accounts;
  private final WebServer web;

  private WebTestServer(FaceFareSystem system, Accounts accounts, WebServer web) {
    this.system = system;
    this.accounts = accounts;
    this.web = web;
  }

  /** Starts a system over {@code dataDir} (the sample metro) with {@code features}. */
  public static WebTestServer start(Path dataDir, List<WebFeature> features) throws IOException {
    return start(FaceFareSystem.builder(dataDir), features);
  }

  /** Starts the system {@code builder} describes, with {@code features}. */
  public static WebTestServer start(FaceFareSystem.Builder builder, List<WebFeature> features)
      throws IOException {
    return start(builder, system -> features);
  }

  /** Starts the system {@code builder} describes, with the features made over it. */
  public static WebTestServer start(
      FaceFareSystem.Builder builder,
      java.util.function.Function<FaceFareSystem, List<WebFeature>> featuresOver)
      throws IOException {
    FaceFareSystem system = builder.open();
    try {
      Accounts accounts =
          Accounts.open(
              system.database(), new PasswordHashing(), Clock.systemUTC(), new SecureRandom());
      accounts.ensureStaff(OPERATOR, STAFF_PASSWORD, Role.OPERATOR);
      accounts.ensureStaff(AUDITOR, STAFF_PASSWORD, Role.AUDITOR);
      WebServer web =
          WebServer.start(
              WebSettings.localhost(0),
              new WebContext(system, accounts, Clock.systemUTC()),
              featuresOver.apply(system));
      return new WebTestServer(system, accounts, web);
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
  }

  /** The base URL. */
  public URI url() {
    return web.url();
  }

  /** {@code path} on this server. */
  public String url(String path) {
    return web.url().resolve(path).toString();
  }

  /** The system. */
  public FaceFareSystem system() {
    return system;
  }

  /** The accounts. */
  public Accounts accounts() {
    return accounts;
  }

  @Override
  public void close() {
    try {
      web.close();
    } finally {
      system.close();
    }
  }
}
