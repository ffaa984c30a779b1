package org.facefare.server.web.rider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.gallery.ModelProfile;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.enrolment.Photos;
import org.facefare.server.web.BrowserSession;
import org.facefare.server.web.WebTestServer;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The rider's whole journey in a real Chromium whose camera plays a photo: sign-up, consent (first
 * refused without the tick), enrolment from the webcam with the server's live advice, a top-up
 * (first with a bad amount), a pass through a browser gate with another photo of the same person,
 * the trip with its fare rules, the match with a proof the page verifies, erasure with a signed
 * receipt — and the next pass refused. Screenshots of each page go to {@code target/screenshots}.
 */
class RiderBrowserTest {

  static final String EMAIL = "rider@example.org";
  static final String PASSWORD = "a long enough secret";

  @TempDir static Path dir;
  static FaceEngine engine;
  static WebTestServer server;
  static Path enrolCamera;
  static Path gateCamera;

  @BeforeAll
  static void start() throws Exception {
    BrowserSession.assumeBrowser();
    Photos.deepfacePairs();
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    enrolCamera = FakeCamera.y4m(Photos.frame("id00", "img2.jpg"), 4, dir.resolve("enrol.y4m"));
    gateCamera = FakeCamera.y4m(Photos.frame("id00", "img6.jpg"), 4, dir.resolve("gate.y4m"));
    engine =
        FaceEngine.open(FaceEngineSettings.builder().models(models).build(), ImportListener.NONE);
    server =
        WebTestServer.start(
            FaceFareSystem.builder(dir.resolve("data"))
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

  @Test
  void signUpEnrolTopUpPassSeeTheProvedMatchEraseAndBeRefused() {
    try (BrowserSession b = tall(BrowserSession.open(Optional.of(enrolCamera)))) {
      b.go(server.url("/signup"));
      b.type("email", EMAIL).type("password", PASSWORD).type("confirm", PASSWORD);
      b.click("terms").click("signup");
      assertThat(b.byId("face-state").getText()).isEqualTo("not set up");
      b.screenshot("rider-home");

      b.click("start-enrol");
      b.click("consent-submit");
      assertThat(b.byId("agree-error").getText()).contains("explicit consent");
      b.screenshot("rider-consent-error");
      b.click("agree").click("consent-submit");
      b.byId("start-camera");
      b.screenshot("rider-enrol");
      b.click("start-camera");
      b.waitFor(Duration.ofSeconds(90)).until(d -> d.getCurrentUrl().endsWith("/rider/enrolled"));
      assertThat(b.byId("enrolled").getText()).isEqualTo("Face pay is on");
      b.screenshot("rider-enrolled");

      b.go(server.url("/rider/wallet"));
      b.type("amount", "12,345").click("topup-submit");
      assertThat(b.byId("amount-error").getText()).contains("at most 2 decimals");
      b.screenshot("rider-wallet-error");
      b.type("amount", "500").click("topup-submit");
      b.waitFor(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().contains("topped="));
      assertThat(b.byId("balance").getText()).isEqualTo("500.00 RUB");
      assertThat(b.byId("history").getText()).contains("Top-up");
      b.screenshot("rider-wallet");
    }

    try (BrowserSession b = tall(BrowserSession.open(Optional.of(gateCamera)))) {
      signIn(b);
      b.go(server.url("/rider/gate"));
      b.click("gate-start");
      WebElement outcome = b.byId("gate-outcome");
      b.waitFor(Duration.ofSeconds(60)).until(d -> !attr(outcome, "data-outcome").isEmpty());
      assertThat(outcome.getDomAttribute("data-outcome"))
          .as("gate said %s (%s)", outcome.getText(), b.byId("gate-advice").getText())
          .isEqualTo("OPEN");
      assertThat(b.byId("turnstile").getDomAttribute("data-state")).isEqualTo("OPEN");
      assertThat(b.byId("gate-fare").getText()).contains("RUB");
      shot(b, "rider-gate-open");
      b.click("gate-walk");
      b.waitFor(Duration.ofSeconds(10))
          .until(d -> "PASSED".equals(b.byId("turnstile").getDomAttribute("data-state")));

      b.go(server.url("/rider/trips"));
      WebElement trip = b.driver().findElement(By.cssSelector("article.trip"));
      assertThat(trip.findElement(By.cssSelector(".fare")).getText()).endsWith("RUB");
      assertThat(trip.findElements(By.cssSelector("ol.rules li"))).isNotEmpty();
      b.screenshot("rider-trips");

      b.go(server.url("/rider/matches"));
      WebElement match = b.driver().findElement(By.cssSelector("article.match"));
      assertThat(match.findElement(By.cssSelector(".decision")).getText()).isEqualTo("OPEN");
      match.findElement(By.cssSelector("button.verify")).click();
      WebElement result = match.findElement(By.cssSelector(".verify-result"));
      b.waitFor(Duration.ofSeconds(10)).until(d -> !result.getText().isEmpty());
      assertThat(result.getText()).startsWith("valid");
      assertThat(result.getDomAttribute("data-valid")).isEqualTo("true");
      b.screenshot("rider-matches");

      b.go(server.url("/rider/face"));
      assertThat(b.byId("face-state").getText()).isEqualTo("on");
      b.screenshot("rider-face");
      b.click("erase-confirm").click("erase");
      assertThat(b.byId("receipt-valid").getText()).isEqualTo("valid");
      b.screenshot("rider-erased");

      b.go(server.url("/rider/gate"));
      b.click("gate-start");
      WebElement refused = b.byId("gate-outcome");
      b.waitFor(Duration.ofSeconds(60)).until(d -> !attr(refused, "data-outcome").isEmpty());
      assertThat(refused.getDomAttribute("data-outcome")).isEqualTo("NO_MATCH");
      assertThat(b.byId("turnstile").getDomAttribute("data-state")).isEqualTo("CLOSED");
      shot(b, "rider-gate-refused");
    }
  }

  /**
   * A screenshot with the camera's picture hidden: the fake camera plays a photo of the shared
   * sets, which must not end up in the repository's screenshots.
   */
  private static void shot(BrowserSession b, String name) {
    b.driver()
        .executeScript(
            "document.querySelectorAll('video').forEach(v => v.style.visibility = 'hidden');");
    b.screenshot(name);
  }

  /** The session with a window tall enough for a whole rider page in one screenshot. */
  private static BrowserSession tall(BrowserSession b) {
    b.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1300));
    return b;
  }

  private static String attr(WebElement e, String name) {
    String v = e.getDomAttribute(name);
    return v == null ? "" : v;
  }

  private static void signIn(BrowserSession b) {
    b.go(server.url("/signin"));
    b.type("email", EMAIL).type("password", PASSWORD).click("signin");
    b.waitFor(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/rider"));
  }
}
