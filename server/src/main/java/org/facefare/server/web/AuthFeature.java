package org.facefare.server.web;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.facefare.fares.wallet.RiderId;
import org.facefare.server.web.auth.Account;
import org.facefare.server.web.auth.AccountException;
import org.facefare.server.web.auth.Accounts;
import org.facefare.server.web.auth.LoginThrottle;
import org.facefare.server.web.auth.Role;

/**
 * The foundation's pages: the home page, sign-up (which opens the rider's wallet), sign-in with a
 * throttle per address and per client, sign-out and the account page.
 */
final class AuthFeature implements WebFeature {

  /**
   * The concession profile of a new rider's wallet (a concession is granted later, on evidence).
   */
  static final String DEFAULT_PROFILE = "adult";

  private final LoginThrottle perAddress;
  private final LoginThrottle perClient;
  private final SecureRandom random = new SecureRandom();

  /**
   * Pages with two throttles: one per address (guessing one account's password) and a looser one
   * per client address (one client trying many accounts; loose because many riders can share one
   * address behind a NAT).
   */
  AuthFeature(LoginThrottle perAddress, LoginThrottle perClient) {
    this.perAddress = perAddress;
    this.perClient = perClient;
  }

  @Override
  public void register(WebRoutes routes) {
    routes
        .get("/", Access.PUBLIC, r -> r.render("home.jte", Map.of()))
        .get("/privacy", Access.PUBLIC, r -> r.render("privacy.jte", Map.of()))
        .get("/signin", Access.PUBLIC, r -> signInPage(r, "", Map.of(), 200))
        .post("/signin", Access.PUBLIC, this::signIn)
        .get("/signup", Access.PUBLIC, r -> signUpPage(r, "", Map.of(), 200))
        .post("/signup", Access.PUBLIC, this::signUp)
        .post("/signout", Access.PUBLIC, this::signOut)
        .get("/account", Access.SIGNED_IN, r -> r.render("account.jte", Map.of()));
  }

  private void signInPage(WebRequest r, String email, Map<String, String> errors, int status) {
    r.render(
        status,
        "auth/signin.jte",
        Map.of("email", email, "next", safeNext(r.ctx().queryParam("next")), "errors", errors));
  }

  private void signUpPage(WebRequest r, String email, Map<String, String> errors, int status) {
    r.render(status, "auth/signup.jte", Map.of("email", email, "errors", errors));
  }

  private void signIn(WebRequest r) {
    String email = r.form("email");
    String password = r.ctx().formParam("password");
    String emailKey = "email:" + email.toLowerCase(java.util.Locale.ROOT);
    String clientKey = "client:" + r.ctx().ip();
    Optional<Duration> blocked =
        perAddress.blockedFor(emailKey).or(() -> perClient.blockedFor(clientKey));
    if (blocked.isPresent()) {
      long minutes = Math.max(1, (blocked.get().toSeconds() + 59) / 60);
      r.ctx().header("Retry-After", Long.toString(blocked.get().toSeconds() + 1));
      signInPage(r, email, Map.of("form", r.t("auth.signin.throttled", minutes)), 429);
      return;
    }
    Optional<Account> account = r.web().accounts().authenticate(email, password);
    if (account.isEmpty()) {
      perAddress.failed(emailKey);
      perClient.failed(clientKey);
      signInPage(r, email, Map.of("form", r.t("auth.signin.wrong")), 401);
      return;
    }
    perAddress.succeeded(emailKey);
    WebServer.signIn(r, account.get(), random);
    r.redirect(nextOrHome(r.form("next"), account.get().role()));
  }

  private void signUp(WebRequest r) {
    String email = r.form("email");
    String password = r.ctx().formParam("password");
    String confirm = r.ctx().formParam("confirm");
    Map<String, String> errors = new HashMap<>();
    for (AccountException e : Accounts.problems(email, password)) {
      errors.put(field(e), message(r, e));
    }
    if (password == null || !password.equals(confirm)) {
      errors.put("confirm", r.t("auth.signup.mismatch"));
    }
    if (!"yes".equals(r.form("terms"))) {
      errors.put("terms", r.t("auth.signup.terms.required"));
    }
    if (!errors.isEmpty()) {
      signUpPage(r, email, errors, 422);
      return;
    }
    Accounts accounts = r.web().accounts();
    Account account;
    try {
      account =
          accounts.signUpRider(
              email,
              password,
              rider ->
                  r.web()
                      .system()
                      .ledger()
                      .openWallet(
                          new RiderId(rider),
                          r.web().system().policy().currency(),
                          DEFAULT_PROFILE));
    } catch (AccountException e) {
      errors.put(field(e), message(r, e));
      signUpPage(r, email, errors, 422);
      return;
    }
    WebServer.signIn(r, account, random);
    r.redirect(home(Role.RIDER));
  }

  private static String field(AccountException e) {
    return switch (e.reason()) {
      case BAD_EMAIL, EMAIL_TAKEN -> "email";
      case WEAK_PASSWORD -> "password";
      case NO_SUCH_ACCOUNT -> "form";
    };
  }

  private static String message(WebRequest r, AccountException e) {
    return r.t(
        "auth.signup." + e.reason().name().toLowerCase(java.util.Locale.ROOT),
        Accounts.MIN_PASSWORD,
        Accounts.MAX_PASSWORD);
  }

  private void signOut(WebRequest r) {
    WebServer.signOut(r);
    r.redirect("/");
  }

  /** Where a role lands after signing in. */
  static String home(Role role) {
    return role == Role.RIDER ? "/rider" : "/console";
  }

  private static String nextOrHome(String next, Role role) {
    String safe = safeNext(next);
    return safe.isEmpty() ? home(role) : safe;
  }

  /** {@code next} if it is a path on this site (never another host: no open redirect), else "". */
  static String safeNext(String next) {
    if (next == null || next.isBlank() || !next.startsWith("/") || next.startsWith("//")) {
      return "";
    }
    try {
      URI uri = URI.create(next);
      if (uri.getScheme() != null || uri.getAuthority() != null || next.contains("\\")) {
        return "";
      }
    } catch (IllegalArgumentException e) {
      return "";
    }
    return next;
  }
}
