package org.facefare.server.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.facefare.fares.Entry;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.server.live.LiveSettings;
import org.facefare.server.web.BrowserSession;
import org.facefare.server.web.WebTestServer;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console in a real Chromium: an operator watches the live charts move while a small peak runs
 * through the fare authority, and every console page is captured; an auditor sees no forms.
 */
class ConsoleBrowserTest {

  private static final List<String> PAGES =
      List.of("network", "live", "fares", "disputes", "gates", "log");

  @TempDir static Path dir;
  static WebTestServer server;

  @BeforeAll
  static void start() throws Exception {
    BrowserSession.assumeBrowser();
    server =
        WebTestServer.start(
            FaceFareSystem.builder(dir)
                .clock(Clock.systemUTC())
                .live(new LiveSettings(Duration.ofSeconds(1), 120)),
            List.of(new ConsoleFeature()));
    FaceFareSystem system = server.system();
    RiderId rider = new RiderId("browser-disputer");
    system.ledger().openWallet(rider, system.policy().currency(), "adult");
    system
        .ledger()
        .topUp(
            new TopUpRequest(
                "browser-top",
                rider,
                Money.of(100_000, system.policy().currency().getCurrencyCode()),
                SandboxPaymentProvider.APPROVE));
    String gate = system.network().gates().get(3).id();
    system
        .ledger()
        .charge(new ChargeRequest("browser-trip-1", rider, new Entry(gate, Instant.now())));
    system.disputes().open(rider, "browser-trip-1", "I was charged but the gate stayed shut");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static void signIn(BrowserSession b, String email) {
    b.go(server.url("/signin?lang=en"));
    b.type("email", email).type("password", WebTestServer.STAFF_PASSWORD);
    b.click("signin");
    b.waitFor(Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/signin"));
  }

  static long number(BrowserSession b, String id) {
    String text = b.byId(id).getText().replaceAll("[^0-9]", "");
    return text.isEmpty() ? 0 : Long.parseLong(text);
  }

  static int points(BrowserSession b) {
    return Integer.parseInt(b.byId("chart-passages").getAttribute("data-points"));
  }

  @Test
  void theLiveChartsMoveWhileAPeakRunsThroughTheAuthority() throws Exception {
    FaceFareSystem system = server.system();
    try (BrowserSession b = BrowserSession.open(Optional.empty());
        LivePeak peak = new LivePeak(system, Clock.systemUTC(), 20, 4, Duration.ofMillis(40))) {
      signIn(b, WebTestServer.OPERATOR);
      b.go(server.url("/console/live"));
      peak.start();
      b.waitFor(Duration.ofSeconds(60)).until(d -> number(b, "live-passages") > 0 && points(b) > 0);
      long passages = number(b, "live-passages");
      int points = points(b);
      assertThat(b.driver().findElements(By.cssSelector("#chart-passages canvas"))).isNotEmpty();
      assertThat(b.driver().findElements(By.cssSelector("#chart-latency canvas"))).isNotEmpty();
      b.waitFor(Duration.ofSeconds(60))
          .until(
              d ->
                  number(b, "live-passages") > passages
                      && points(b) > points
                      && !d.findElements(
                              By.cssSelector("#live-outcomes-body td[data-outcome='OPEN']"))
                          .isEmpty());
      assertThat(number(b, "live-passages")).isGreaterThan(passages);
      assertThat(points(b)).isGreaterThan(points);
      assertThat(b.byId("live-status").getText()).isEqualTo("live");
      assertThat(b.driver().findElements(By.cssSelector("#live-outcomes-body tr")))
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(peak.sent()).isPositive();
      b.screenshot("console-live");

      String gate = system.network().gates().getFirst().id();
      String station = system.network().stationOfGate(gate).id();
      b.go(server.url("/console/network/stations/" + station));
      assertThat(b.byId("gate-" + gate).getText()).doesNotContain("never");
      b.screenshot("console-station");
      b.go(server.url("/console/live?station=" + station));
      b.waitFor(Duration.ofSeconds(30)).until(d -> number(b, "live-passages") > 0);
      b.screenshot("console-live-station");

      system.log().signHead();
      for (String page : PAGES) {
        if (!page.equals("live")) {
          b.go(server.url("/console/" + page));
          assertThat(b.byId("main").getText()).isNotBlank();
          if (page.equals("disputes") || page.equals("gates")) {
            assertThat(b.driver().findElements(By.cssSelector("main form"))).as(page).isNotEmpty();
          }
          b.screenshot("console-" + page);
        }
      }
      b.go(server.url("/console/lookup"));
      b.type("lookup-rider", "browser-disputer")
          .type("lookup-reason", "checking dispute 1 before deciding it");
      b.click("lookup-submit");
      assertThat(b.byId("lookup-logged").getText()).contains("checking dispute 1");
      assertThat(b.byId("lookup-statement").getText())
          .contains(system.network().gates().get(3).id());
      b.screenshot("console-lookup");
      b.go(server.url("/console/network?lang=ru"));
      assertThat(b.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Сеть");
      b.screenshot("console-network-ru");
    }
  }

  @Test
  void anAuditorSeesEveryPageAndNoForm() {
    try (BrowserSession b = BrowserSession.open(Optional.empty())) {
      signIn(b, WebTestServer.AUDITOR);
      for (String page : PAGES) {
        b.go(server.url("/console/" + page + "?lang=en"));
        assertThat(b.byId("read-only").getText()).contains("read-only");
        assertThat(b.driver().findElements(By.cssSelector("main form"))).as(page).isEmpty();
        assertThat(
                b.driver().findElements(By.cssSelector("main input, main textarea, main button")))
            .as(page)
            .isEmpty();
      }
      b.go(server.url("/console/disputes"));
      assertThat(b.byId("disputes").getText()).contains("browser-trip-1");
      b.screenshot("console-disputes-auditor");
    }
  }
}
