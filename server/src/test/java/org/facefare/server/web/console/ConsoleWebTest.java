package org.facefare.server.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.dispute.Dispute;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.server.web.WebTestServer;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console over real HTTP: roles, pages, the disputes queue, gate keys and the live stream. */
class ConsoleWebTest {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final List<String> PAGES =
      List.of(
          "/console/network",
          "/console/network/stations/M01-01",
          "/console/live",
          "/console/live?station=M01-01",
          "/console/fares",
          "/console/disputes",
          "/console/gates",
          "/console/log");
  private static final List<String> OPERATOR_PAGES = List.of("/console/lookup");

  @TempDir static Path dir;
  static WebTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = WebTestServer.start(FaceFareSystem.builder(dir), List.of(new ConsoleFeature()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A browser-like client that signs in as staff. */
  static final class Client extends org.facefare.server.web.WebClient {
    Client() {
      super(server);
    }

    Client signIn(String email) throws Exception {
      HttpResponse<String> r =
          post(
              "/signin",
              Map.of(
                  "_csrf",
                  csrf("/signin"),
                  "email",
                  email,
                  "password",
                  WebTestServer.STAFF_PASSWORD));
      assertThat(r.statusCode()).isEqualTo(303);
      return this;
    }
  }

  static String main(String html) {
    int start = html.indexOf("<main");
    int end = html.indexOf("</main>");
    return html.substring(start, end);
  }

  /** A rider with one charged trip and an open dispute of it. */
  static Dispute dispute() {
    FaceFareSystem system = server.system();
    RiderId rider = new RiderId("console-rider-" + SEQ.incrementAndGet());
    system.ledger().openWallet(rider, system.policy().currency(), "adult");
    system
        .ledger()
        .topUp(
            new TopUpRequest(
                "console-top-" + rider,
                rider,
                Money.of(100_000, system.policy().currency().getCurrencyCode()),
                SandboxPaymentProvider.APPROVE));
    String gate = system.network().gates().getFirst().id();
    String request = "console-trip-" + SEQ.incrementAndGet();
    system.ledger().charge(new ChargeRequest(request, rider, new Entry(gate, Instant.now())));
    return system.disputes().open(rider, request, "the gate did not open for me");
  }

  @Test
  void theConsoleIsForStaffOnly() throws Exception {
    HttpResponse<String> anonymous = new Client().get("/console/network");
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).startsWith("/signin");
    Client rider = new Client();
    String email = "rider" + SEQ.incrementAndGet() + "@example.org";
    rider.post(
        "/signup",
        Map.of(
            "_csrf", rider.csrf("/signup"),
            "email", email,
            "password", "a long enough secret",
            "confirm", "a long enough secret",
            "terms", "yes"));
    for (String page : PAGES) {
      assertThat(rider.get(page).statusCode()).as(page).isEqualTo(403);
    }
    for (String page : OPERATOR_PAGES) {
      assertThat(rider.get(page).statusCode()).as(page).isEqualTo(403);
    }
    assertThat(new Client().get("/console/live/events").statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {WebTestServer.OPERATOR, WebTestServer.AUDITOR})
  void everyPageRendersForStaffInBothLanguages(String who) throws Exception {
    Client c = new Client().signIn(who);
    boolean operator = who.equals(WebTestServer.OPERATOR);
    for (String page : OPERATOR_PAGES) {
      assertThat(c.get(page).statusCode()).as(page).isEqualTo(operator ? 200 : 403);
    }
    for (String page : PAGES) {
      for (String lang : List.of("en", "ru")) {
        HttpResponse<String> r = c.get(page + (page.contains("?") ? "&" : "?") + "lang=" + lang);
        assertThat(r.statusCode()).as(page + " " + lang).isEqualTo(200);
        assertThat(r.body()).contains("<html lang=\"" + lang + "\"").contains("console-nav");
        if (who.equals(WebTestServer.AUDITOR)) {
          assertThat(main(r.body())).as("an auditor's " + page).doesNotContain("<form");
        }
      }
    }
    String network = c.get("/console/network?lang=en").body();
    int circles = network.split("<circle", -1).length - 1;
    assertThat(circles).isEqualTo(server.system().network().stations().size());
    assertThat(c.get("/console/network/stations/nowhere").statusCode()).isEqualTo(404);
    assertThat(c.get("/console/live?station=nowhere").statusCode()).isEqualTo(404);
    assertThat(c.get("/console/fares").body()).contains("id=\"policy-summary\"");
  }

  @Test
  void anAuditorCannotDecideADispute() throws Exception {
    Dispute d = dispute();
    Client auditor = new Client().signIn(WebTestServer.AUDITOR);
    String token = auditor.csrf("/console/disputes");
    assertThat(auditor.get("/console/disputes").body()).contains("dispute-" + d.id());
    assertThat(
            auditor
                .post("/console/disputes/" + d.id() + "/approve", Map.of("_csrf", token))
                .statusCode())
        .isEqualTo(403);
    assertThat(server.system().disputes().find(d.id()).orElseThrow().state())
        .isEqualTo(Dispute.State.OPEN);
  }

  @Test
  void theOperatorApprovesWithARefundAndRejectsOnlyWithAReason() throws Exception {
    Dispute refund = dispute();
    Dispute refuse = dispute();
    RiderId rider = refund.rider();
    long before = server.system().ledger().wallet(rider).orElseThrow().balance().minor();
    Client op = new Client().signIn(WebTestServer.OPERATOR);
    String token = op.csrf("/console/disputes");
    assertThat(op.get("/console/disputes").body())
        .contains("approve-" + refund.id())
        .doesNotContain(rider.value());

    HttpResponse<String> approved =
        op.post("/console/disputes/" + refund.id() + "/approve", Map.of("_csrf", token));
    assertThat(approved.statusCode()).isEqualTo(303);
    assertThat(op.get("/console/disputes?lang=en").body())
        .contains("Dispute " + refund.id() + " approved");
    assertThat(server.system().ledger().wallet(rider).orElseThrow().balance().minor())
        .isEqualTo(before + refund.trip().fare().minor());
    HttpResponse<String> again =
        op.post(
            "/console/disputes/" + refund.id() + "/reject", Map.of("_csrf", token, "reason", "no"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already decided");

    HttpResponse<String> blank =
        op.post(
            "/console/disputes/" + refuse.id() + "/reject", Map.of("_csrf", token, "reason", " "));
    assertThat(blank.statusCode()).isEqualTo(422);
    assertThat(blank.body()).contains("1 to 500 characters");
    assertThat(server.system().disputes().find(refuse.id()).orElseThrow().state())
        .isEqualTo(Dispute.State.OPEN);
    assertThat(
            op.post(
                    "/console/disputes/" + refuse.id() + "/reject",
                    Map.of("_csrf", token, "reason", "the gate log shows you passed"))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            server
                .system()
                .disputes()
                .find(refuse.id())
                .orElseThrow()
                .decision()
                .orElseThrow()
                .reason())
        .contains("the gate log shows you passed");
    assertThat(op.post("/console/disputes/999999/approve", Map.of("_csrf", token)).statusCode())
        .isEqualTo(404);
    assertThat(op.post("/console/disputes/x/approve", Map.of("_csrf", token)).statusCode())
        .isEqualTo(400);
  }

  @Test
  void gateKeysAreRegisteredRotatedAndRevokedAndBadInputChangesNothing() throws Exception {
    FaceFareSystem system = server.system();
    String gate = system.network().gates().get(5).id();
    Client op = new Client().signIn(WebTestServer.OPERATOR);
    String token = op.csrf("/console/gates");
    String key =
        Base64.getEncoder().encodeToString(GateSigner.newKeyPair().getPublic().getEncoded());

    HttpResponse<String> bad =
        op.post(
            "/console/gates/register", Map.of("_csrf", token, "gate", gate, "key", "not a key"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("id=\"register-error\"").contains("Base64 X.509");
    assertThat(system.gateKeys().keysOf(gate)).isEmpty();
    assertThat(
            op.post(
                    "/console/gates/register",
                    Map.of("_csrf", token, "gate", "G-nowhere", "key", key))
                .body())
        .contains("There is no gate G-nowhere");

    assertThat(
            op.post("/console/gates/register", Map.of("_csrf", token, "gate", gate, "key", key))
                .statusCode())
        .isEqualTo(303);
    assertThat(system.gateKeys().keysOf(gate)).hasSize(1);
    assertThat(op.get("/console/gates?lang=en").body())
        .contains("Gate " + gate + " registered")
        .contains("key-" + gate);
    assertThat(
            op.post("/console/gates/register", Map.of("_csrf", token, "gate", gate, "key", key))
                .body())
        .contains("already registered");

    String next =
        Base64.getEncoder().encodeToString(GateSigner.newKeyPair().getPublic().getEncoded());
    assertThat(
            op.post(
                    "/console/gates/rotate",
                    Map.of("_csrf", token, "gate", gate, "key", next, "overlap", "5000"))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            op.post(
                    "/console/gates/rotate",
                    Map.of("_csrf", token, "gate", gate, "key", next, "overlap", "10"))
                .statusCode())
        .isEqualTo(303);
    assertThat(system.gateKeys().keysOf(gate)).hasSize(2);

    assertThat(op.post("/console/gates/revoke", Map.of("_csrf", token, "gate", gate)).statusCode())
        .isEqualTo(303);
    assertThat(system.gateKeys().keysOf(gate)).isEmpty();
    assertThat(op.post("/console/gates/revoke", Map.of("_csrf", token, "gate", gate)).body())
        .contains("is not registered");
  }

  @Test
  void theLogPageShowsTheLatestSignedHeadAndThatItVerifies() throws Exception {
    server.system().log().signHead();
    String page = new Client().signIn(WebTestServer.AUDITOR).get("/console/log?lang=en").body();
    assertThat(page).contains("id=\"log-valid\"").contains("id=\"log-root\"");
    assertThat(page).contains(server.system().log().verifyingKey().encoded());
  }

  @Test
  void theLiveStreamSendsTheWindowAsJson() throws Exception {
    Client op = new Client().signIn(WebTestServer.OPERATOR);
    HttpResponse<InputStream> stream =
        op.send(
            HttpRequest.newBuilder(URI.create(server.url("/console/live/events?station=M01-01")))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      String event = null;
      String data = null;
      while ((line = in.readLine()) != null && data == null) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:") && "live".equals(event)) {
          data = line.substring(5).strip();
        }
      }
      assertThat(data).contains("\"scope\":\"M01-01\"").contains("\"passages\":");
      assertThat(data).doesNotContain("rider");
    }
  }

  @Test
  void aRiderIsLookedUpOnlyByAnOperatorWithALoggedReason() throws Exception {
    Dispute d = dispute();
    String rider = d.rider().value();
    assertThat(new Client().signIn(WebTestServer.AUDITOR).get("/console/lookup").statusCode())
        .isEqualTo(403);
    Client op = new Client().signIn(WebTestServer.OPERATOR);
    String token = op.csrf("/console/lookup");
    long before = server.system().log().signHead().size();

    HttpResponse<String> tooShort =
        op.post("/console/lookup", Map.of("_csrf", token, "rider", rider, "reason", "because"));
    assertThat(tooShort.statusCode()).isEqualTo(422);
    assertThat(tooShort.body()).contains("15 to 500 characters").doesNotContain("lookup-statement");
    HttpResponse<String> notAPseudonym =
        op.post(
            "/console/lookup",
            Map.of(
                "_csrf", token, "rider", "Ivan Ivanov", "reason", "dispute " + d.id() + " check"));
    assertThat(notAPseudonym.statusCode()).isEqualTo(422);
    assertThat(server.system().log().signHead().size()).isEqualTo(before);

    String reason = "checking dispute " + d.id() + " before deciding";
    HttpResponse<String> found =
        op.post(
            "/console/lookup?lang=en", Map.of("_csrf", token, "rider", rider, "reason", reason));
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body())
        .contains("id=\"lookup-logged\"")
        .contains(reason)
        .contains("id=\"lookup-statement\"")
        .contains(d.trip().gateId());
    assertThat(server.system().log().signHead().size()).isEqualTo(before + 1);
  }
}
