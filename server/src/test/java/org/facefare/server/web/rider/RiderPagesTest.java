package org.facefare.server.web.rider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.fares.Money;
import org.facefare.fares.wallet.RiderId;
import org.facefare.gallery.ModelProfile;
import org.facefare.privacy.Pseudonym;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.enrolment.Photos;
import org.facefare.server.web.WebTestServer;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rider pages over HTTP: every form's bad input gets its clear message and saves nothing, the
 * camera endpoints refuse missing CSRF tokens, empty and oversized frames, and a rider only ever
 * sees and changes their own data.
 */
class RiderPagesTest {

  static final String PASSWORD = "a long enough secret";
  static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

  @TempDir static Path dir;
  static FaceEngine engine;
  static WebTestServer server;

  @BeforeAll
  static void start() throws Exception {
    Photos.deepfacePairs();
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    engine =
        FaceEngine.open(FaceEngineSettings.builder().models(models).build(), ImportListener.NONE);
    server =
        WebTestServer.start(
            FaceFareSystem.builder(dir)
                .profile(ModelProfile.defaultModel().withRule(DemoRunner.RULE)),
            system -> List.of(RiderFeature.over(system, engine::process, Clock.systemUTC())));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  /** One browser: a cookie jar and the session's CSRF token. */
  static final class Client {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String token = "";
    final WebTestServer at;

    Client() {
      this(server);
    }

    Client(WebTestServer at) {
      this.at = at;
    }

    HttpResponse<String> get(String path) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(at.url(path))).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        token = m.group(1);
      }
      return r;
    }

    HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
      Map<String, String> all = new LinkedHashMap<>(fields);
      all.put("_csrf", token);
      String body = org.facefare.server.web.WebClient.formBody(all);
      return http.send(
          HttpRequest.newBuilder(URI.create(at.url(path)))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> bytes(String path, byte[] body, boolean withToken) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(at.url(path)))
              .header("Content-Type", "image/jpeg")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (withToken) {
        b.header("X-CSRF-Token", token);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> upload(List<byte[]> photos, boolean json) throws Exception {
      String boundary = "----facefare" + System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(
          ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token)
              .getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < photos.size(); i++) {
        out.write(
            ("\r\n--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p"
                    + i
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(photos.get(i));
      }
      out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(at.url("/rider/enrol")))
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
      if (json) {
        b.header("Accept", "application/json").header("X-CSRF-Token", token);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  static Client signUp(String email) throws Exception {
    Client c = new Client();
    c.get("/signup");
    HttpResponse<String> r =
        c.form(
            "/signup",
            Map.of("email", email, "password", PASSWORD, "confirm", PASSWORD, "terms", "yes"));
    assertThat(r.statusCode()).isEqualTo(303);
    c.get("/rider");
    return c;
  }

  static String key(String walletPage) {
    Matcher m = Pattern.compile("name=\"key\" value=\"([0-9a-f]{24})\"").matcher(walletPage);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static Pseudonym pseudonym(String email) {
    return new Pseudonym(
        server.accounts().authenticate(email, PASSWORD).orElseThrow().rider().orElseThrow());
  }

  @Test
  void consentMustBeGivenBeforeAnyEnrolmentAndBadPhotosEnrolNothing() throws Exception {
    Client c = signUp("consent@example.org");
    Pseudonym rider = pseudonym("consent@example.org");
    byte[] good = Photos.jpeg(Photos.frame("id03", "img16.jpg"));

    assertThat(c.get("/rider/enrol").headers().firstValue("Location")).contains("/rider/consent");
    HttpResponse<String> early = c.upload(List.of(good), true);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.body()).contains("consent first");

    c.get("/rider/consent");
    HttpResponse<String> unticked = c.form("/rider/consent", Map.of("version", "1", "sha", "x"));
    assertThat(unticked.statusCode()).isEqualTo(422);
    assertThat(unticked.body()).contains("explicit consent").contains("consent text changed");
    assertThat(c.get("/rider/enrol").statusCode()).isEqualTo(303);

    String page = c.get("/rider/consent").body();
    String sha = page.replaceAll("(?s).*name=\"sha\" value=\"([0-9a-f]{64})\".*", "$1");
    HttpResponse<String> agreed =
        c.form("/rider/consent", Map.of("version", "1", "sha", sha, "agree", "yes"));
    assertThat(agreed.headers().firstValue("Location")).contains("/rider/enrol");
    assertThat(c.get("/rider/enrol").statusCode()).isEqualTo(200);

    HttpResponse<String> dark =
        c.upload(
            List.of(
                good, Photos.jpeg(Photos.levels(Photos.frame("id03", "img16.jpg"), v -> v / 5))),
            false);
    assertThat(dark.statusCode()).isEqualTo(422);
    assertThat(dark.body()).contains("Photo 2: Too dark");
    HttpResponse<String> junk = c.upload(List.of("not a photo".getBytes()), false);
    assertThat(junk.body()).contains("Photo 1: This is not a JPEG or PNG photo.");
    assertThat(server.system().facePay().state(rider)).isEmpty();

    HttpResponse<String> ok = c.upload(List.of(good), true);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("/rider/enrolled");
    assertThat(server.system().facePay().state(rider)).isPresent();
  }

  @Test
  void theCameraEndpointsRefuseMissingTokensAndEmptyOrOversizedFrames() throws Exception {
    Client c = signUp("camera@example.org");
    byte[] good = Photos.jpeg(Photos.frame("id03", "img16.jpg"));
    assertThat(c.bytes("/rider/enrol/check", good, false).statusCode()).isEqualTo(403);
    HttpResponse<String> checked = c.bytes("/rider/enrol/check", good, true);
    assertThat(checked.body()).contains("\"advice\":\"READY\"");
    HttpResponse<String> far =
        c.bytes(
            "/rider/enrol/check",
            Photos.jpeg(Photos.far(Photos.frame("id03", "img16.jpg"), 120)),
            true);
    assertThat(far.body()).contains("MOVE_CLOSER").contains("Move closer");
    assertThat(c.bytes("/rider/enrol/check", new byte[0], true).statusCode()).isEqualTo(400);
    assertThat(
            c.bytes("/rider/enrol/check", new byte[RiderFeature.MAX_FRAME_BYTES + 1], true)
                .statusCode())
        .isEqualTo(413);
    HttpResponse<String> unknownGate = c.bytes("/rider/gate/frame?gate=nowhere", good, true);
    assertThat(unknownGate.statusCode()).isEqualTo(400);
    assertThat(unknownGate.body()).contains("no such gate");
    assertThat(c.bytes("/rider/gate/frame", good, true).statusCode()).isEqualTo(400);
  }

  @Test
  void badTopUpsAndDisputesSayWhyAndChangeNothing() throws Exception {
    Client c = signUp("wallet@example.org");
    RiderId wallet = new RiderId(pseudonym("wallet@example.org").value());
    String key =
        c.get("/rider/wallet")
            .body()
            .replaceAll("(?s).*name=\"key\" value=\"([0-9a-f]{24})\".*", "$1");

    HttpResponse<String> negative =
        c.form(
            "/rider/wallet/topup", Map.of("amount", "-5", "card", "sandbox-approve", "key", key));
    assertThat(negative.statusCode()).isEqualTo(422);
    assertThat(negative.body()).contains("more than zero");
    HttpResponse<String> noCard =
        c.form("/rider/wallet/topup", Map.of("amount", "5", "card", "stolen-card", "key", key));
    assertThat(noCard.body()).contains("Please choose a card.");
    HttpResponse<String> declined =
        c.form("/rider/wallet/topup", Map.of("amount", "5", "card", "sandbox-decline", "key", key));
    assertThat(declined.body()).contains("Declined: card declined");
    HttpResponse<String> forged =
        c.form("/rider/wallet/topup", Map.of("amount", "5", "card", "sandbox-approve", "key", "x"));
    assertThat(forged.body()).contains("This form has expired");
    assertThat(server.system().ledger().wallet(wallet).orElseThrow().balance())
        .isEqualTo(Money.of(0, "RUB"));

    String fresh = key(declined.body());
    assertThat(fresh).as("a refused form comes back with a new key").isNotEqualTo(key);
    HttpResponse<String> credited =
        c.form(
            "/rider/wallet/topup", Map.of("amount", "5", "card", "sandbox-approve", "key", fresh));
    assertThat(credited.statusCode()).isEqualTo(303);
    c.form("/rider/wallet/topup", Map.of("amount", "5", "card", "sandbox-approve", "key", fresh));
    assertThat(server.system().ledger().wallet(wallet).orElseThrow().balance())
        .as("a form posted twice is credited once")
        .isEqualTo(Money.of(500, "RUB"));

    c.get("/rider/trips");
    HttpResponse<String> empty =
        c.form("/rider/trips/dispute", Map.of("request", "r1", "reason", ""));
    assertThat(empty.statusCode()).isEqualTo(422);
    HttpResponse<String> notMine =
        c.form("/rider/trips/dispute", Map.of("request", "someone-elses-trip", "reason", "not me"));
    assertThat(notMine.statusCode()).isEqualTo(422);
    assertThat(notMine.body()).contains("The dispute was not opened");
  }

  @Test
  void pagesAreForTheSignedInRiderOnlyAndDeletionNeedsThePassword() throws Exception {
    assertThat(new Client().get("/rider/wallet").headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/signin"));
    Client staff = new Client();
    staff.get("/signin");
    staff.form(
        "/signin",
        Map.of("email", WebTestServer.OPERATOR, "password", WebTestServer.STAFF_PASSWORD));
    assertThat(staff.get("/rider").statusCode()).isEqualTo(403);

    Client c = signUp("leaving@example.org");
    c.get("/rider/delete");
    HttpResponse<String> unconfirmed = c.form("/rider/delete", Map.of("password", PASSWORD));
    assertThat(unconfirmed.statusCode()).isEqualTo(422);
    HttpResponse<String> wrong =
        c.form("/rider/delete", Map.of("password", "not the password", "confirm", "yes"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(server.accounts().authenticate("leaving@example.org", PASSWORD)).isPresent();

    HttpResponse<String> erase = c.form("/rider/face/erase", Map.of("confirm", "yes"));
    assertThat(erase.statusCode()).as("nothing to erase").isEqualTo(409);
    HttpResponse<String> pause = c.form("/rider/face/pause", Map.of());
    assertThat(pause.statusCode()).isEqualTo(409);
    assertThat(pause.body()).contains("cannot be paused");

    HttpResponse<String> deleted =
        c.form("/rider/delete", Map.of("password", PASSWORD, "confirm", "yes"));
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).contains("Your account is deleted");
    assertThat(server.accounts().authenticate("leaving@example.org", PASSWORD)).isEmpty();
    assertThat(c.get("/rider").statusCode()).isEqualTo(303);
  }

  @Test
  void theDataExportIsTheSignedInRidersOwn() throws Exception {
    Client c = signUp("export@example.org");
    Pseudonym rider = pseudonym("export@example.org");
    HttpResponse<String> r = c.get("/rider/data.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).contains("attachment"));
    com.fasterxml.jackson.databind.JsonNode doc =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertThat(doc.get("format").asText()).isEqualTo("facefare-rider-export-v1");
    assertThat(doc.get("rider").asText()).isEqualTo(rider.value());
    assertThat(doc.get("account").get("email").asText()).isEqualTo("export@example.org");
    assertThat(r.body()).doesNotContain("consent@example.org").doesNotContain("wallet@example.org");
  }

  @Test
  void everyRiderPageSpeaksRussianToo() throws Exception {
    Client c = signUp("russian@example.org");
    for (String page :
        List.of(
            "/rider",
            "/rider/consent",
            "/rider/wallet",
            "/rider/trips",
            "/rider/matches",
            "/rider/face",
            "/rider/data",
            "/rider/delete",
            "/rider/gate")) {
      HttpResponse<String> r = c.get(page + "?lang=ru");
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page).contains("lang=\"ru\"").contains("Мой FaceFare");
    }
  }
}
