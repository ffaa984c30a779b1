package org.facefare.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** Sign-up, sign-out and sign-in in a real Chromium, in both languages. */
class FoundationBrowserTest {

  @TempDir static Path dir;
  private static WebTestServer server;

  @BeforeAll
  static void start() throws Exception {
    BrowserSession.assumeBrowser();
    server = WebTestServer.start(dir, List.of());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void signUpSignOutAndSignInAgain() {
    try (BrowserSession b = BrowserSession.open(Optional.empty())) {
      b.go(server.url("/"));
      assertThat(b.driver().getTitle()).contains("FaceFare");
      b.screenshot("home");
      b.go(server.url("/signup"));
      b.type("email", "browser@example.org").type("password", "short").type("confirm", "short");
      b.click("signup");
      assertThat(b.byId("form-error").getText()).contains("correct the fields");
      assertThat(b.byId("password-error").getText()).contains("10 to 128");
      assertThat(b.byId("terms-error").isDisplayed()).isTrue();
      b.screenshot("signup-errors");
      b.type("password", "a long enough secret").type("confirm", "a long enough secret");
      b.click("terms");
      b.click("signup");
      b.go(server.url("/account"));
      assertThat(b.byId("account-email").getText()).isEqualTo("browser@example.org");
      b.screenshot("account");
      b.driver().findElement(By.cssSelector("form[action='/signout'] button")).click();
      b.go(server.url("/signin?lang=ru"));
      b.type("email", "browser@example.org").type("password", "a wrong password");
      b.click("signin");
      assertThat(b.byId("form-error").getText()).isEqualTo("Неверный адрес почты или пароль.");
      b.screenshot("signin-error-ru");
      b.type("password", "a long enough secret");
      b.click("signin");
      b.go(server.url("/account?lang=en"));
      assertThat(b.byId("account-role").getText()).isEqualTo("Rider");
    }
  }
}
