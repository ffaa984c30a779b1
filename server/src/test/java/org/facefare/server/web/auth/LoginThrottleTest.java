package org.facefare.server.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The sign-in throttle on an injected clock. */
class LoginThrottleTest {

  @Test
  void blocksAfterTheLimitUntilTheOldestFailureLeavesTheWindow() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T08:00:00Z"));
    LoginThrottle t = new LoginThrottle(3, Duration.ofMinutes(15), now::get);
    t.failed("a");
    now.set(now.get().plusSeconds(60));
    t.failed("a");
    t.failed("a");
    assertThat(t.blockedFor("a")).contains(Duration.ofMinutes(14));
    assertThat(t.blockedFor("b")).isEmpty();
    now.set(Instant.parse("2026-12-01T08:15:00Z"));
    assertThat(t.blockedFor("a")).isEmpty();
    t.failed("a");
    assertThat(t.blockedFor("a")).isPresent();
    t.succeeded("a");
    assertThat(t.blockedFor("a")).isEmpty();
  }
}
