package org.facefare.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.facefare.fares.wallet.RiderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation over real HTTP: headers, CSRF, access by role, sign-up and sign-in rules. */
class WebServerTest {

  @TempDir static Path dir;
  private static WebTestServer server;

  @BeforeAll
  static void start() throws IOException {
    server = WebTestServer.start(dir, List.of());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A browser-like client that signs up and in. */
  private static final class Client extends WebClient {
    Client() {
      super(server);
    }

    HttpResponse<String> signUp(String email, String password) throws Exception {
      return post(
          "/signup",
          Map.of(
              "_csrf", csrf("/signup"),
              "email", email,
              "password", password,
              "confirm", password,
              "terms", "yes"));
    }

    HttpResponse<String> signIn(String email, String password) throws Exception {
      return post(
          "/signin", Map.of("_csrf", csrf("/signin"), "email", email, "password", password));
    }
  }

  @Test
  void pagesCarryStrictSecurityHeaders() throws Exception {
    HttpResponse<String> home = new Client().get("/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(home.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(home.headers().firstValue("Cache-Control")).contains("no-store");
    String cookie = home.headers().allValues("Set-Cookie").toString();
    assertThat(cookie).contains("facefare_session").contains("HttpOnly").contains("SameSite=Lax");
  }

  @Test
  void aPostWithoutTheSessionsTokenIsRefusedAndSavesNothing() throws Exception {
    Client c = new Client();
    c.get("/signup");
    HttpResponse<String> forged =
        c.post(
            "/signup",
            Map.of(
                "_csrf", "forged",
                "email", "forged@example.org",
                "password", "long enough password",
                "confirm", "long enough password",
                "terms", "yes"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("expired");
    assertThat(server.accounts().authenticate("forged@example.org", "long enough password"))
        .isEmpty();
    // Another visitor's valid token is not this session's.
    String otherToken = new Client().csrf("/signup");
    HttpResponse<String> stolen =
        c.post(
            "/signup",
            Map.of(
                "_csrf", otherToken,
                "email", "forged@example.org",
                "password", "long enough password",
                "confirm", "long enough password",
                "terms", "yes"));
    assertThat(stolen.statusCode()).isEqualTo(403);
  }

  @Test
  void signUpOpensTheWalletAndSignsIn() throws Exception {
    Client c = new Client();
    HttpResponse<String> r = c.signUp("Ada@Example.org", "a long enough secret");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/rider");
    HttpResponse<String> account = c.get("/account");
    assertThat(account.statusCode()).isEqualTo(200);
    assertThat(account.body()).contains("ada@example.org").contains("Rider");
    var a = server.accounts().authenticate("ada@example.org", "a long enough secret").orElseThrow();
    assertThat(server.system().ledger().wallet(new RiderId(a.rider().orElseThrow()))).isPresent();
  }

  @Test
  void badSignUpsSayWhichFieldAndSaveNothing() throws Exception {
    Client c = new Client();
    assertThat(c.signUp("not-an-address", "a long enough secret").body())
        .contains("This is not an e-mail address.");
    HttpResponse<String> weak = c.signUp("weak@example.org", "short");
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(weak.body()).contains("10 to 128 characters");
    HttpResponse<String> mismatch =
        c.post(
            "/signup",
            Map.of(
                "_csrf", c.csrf("/signup"),
                "email", "mismatch@example.org",
                "password", "a long enough secret",
                "confirm", "another long secret",
                "terms", "yes"));
    assertThat(mismatch.body()).contains("The two passwords differ.");
    assertThat(mismatch.body()).contains("value=\"mismatch@example.org\"");
    assertThat(server.accounts().authenticate("weak@example.org", "short")).isEmpty();
    assertThat(server.accounts().authenticate("mismatch@example.org", "a long enough secret"))
        .isEmpty();
    new Client().signUp("twice@example.org", "a long enough secret");
    assertThat(new Client().signUp("TWICE@example.org", "another long secret").body())
        .contains("exists already");
  }

  @Test
  void pagesNeedTheRightRole() throws Exception {
    Client anonymous = new Client();
    HttpResponse<String> r = anonymous.get("/account");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/signin?next=%2Faccount");

    Client operator = new Client();
    HttpResponse<String> in = operator.signIn(WebTestServer.OPERATOR, WebTestServer.STAFF_PASSWORD);
    assertThat(in.headers().firstValue("Location")).contains("/console");
    assertThat(operator.get("/account").body()).contains("Operator");
  }

  @Test
  void signInGoesOnlyToPagesOfThisSite() throws Exception {
    Client c = new Client();
    c.signUp("next@example.org", "a long enough secret");
    Client again = new Client();
    for (String next : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example")) {
      HttpResponse<String> r =
          again.post(
              "/signin",
              Map.of(
                  "_csrf",
                  again.csrf("/signin"),
                  "email",
                  "next@example.org",
                  "password",
                  "a long enough secret",
                  "next",
                  next));
      assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo("/rider");
    }
    assertThat(AuthFeature.safeNext("/account?tab=1")).isEqualTo("/account?tab=1");
  }

  @Test
  void signInIsThrottledPerAddress() throws Exception {
    new Client().signUp("throttle@example.org", "the right password");
    Client c = new Client();
    for (int i = 0; i < 5; i++) {
      assertThat(c.signIn("throttle@example.org", "a wrong password").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> blocked = c.signIn("throttle@example.org", "the right password");
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.body()).contains("Too many failed attempts");
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void theSessionIdChangesAtSignInAndEndsAtSignOut() throws Exception {
    Client c = new Client();
    new Client().signUp("session@example.org", "a long enough secret");
    c.get("/signin");
    String before = sessionCookie(c);
    c.signIn("session@example.org", "a long enough secret");
    assertThat(sessionCookie(c)).isNotEqualTo(before);
    assertThat(c.get("/account").statusCode()).isEqualTo(200);
    c.post("/signout", Map.of("_csrf", c.csrf("/account")));
    assertThat(c.get("/account").statusCode()).isEqualTo(303);
  }

  @Test
  void pagesSpeakRussianWhenAsked() throws Exception {
    Client c = new Client();
    assertThat(c.get("/", "Accept-Language", "ru-RU,ru;q=0.9").body())
        .contains("lang=\"ru\"")
        .contains("Проезд по лицу");
    assertThat(c.get("/?lang=ru").body()).contains("Проезд по лицу");
    // The choice is remembered in a cookie.
    assertThat(c.get("/signin").body()).contains("Вход");
    assertThat(c.get("/signin?lang=en").body()).contains("Sign in");
    assertThat(new Client().get("/", "Accept-Language", "%%bad").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPagesAndStaticAssets() throws Exception {
    Client c = new Client();
    assertThat(c.get("/no/such/page").statusCode()).isEqualTo(404);
    assertThat(c.get("/no/such/page").body()).contains("There is no such page.");
    assertThat(c.get("/static/facefare.css").statusCode()).isEqualTo(200);
    assertThat(c.get("/privacy").body()).contains("One purpose: paying your fare");
    assertThat(c.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
  }

  private static String sessionCookie(Client c) {
    return c.cookies().getCookieStore().getCookies().stream()
        .filter(k -> k.getName().equals("facefare_session"))
        .map(java.net.HttpCookie::getValue)
        .findFirst()
        .orElseThrow();
  }
}
