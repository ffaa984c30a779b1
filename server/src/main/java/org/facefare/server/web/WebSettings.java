package org.facefare.server.web;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the web apps listen.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the port, or 0 for any free one
 * @param secureCookies whether session cookies carry {@code Secure} (set it whenever a TLS proxy or
 *     TLS connector is in front)
 * @param sessionIdle how long a session lives without requests
 * @param maxFailedSignIns failed sign-ins allowed per address and per client within {@code
 *     signInWindow}
 * @param signInWindow the window of the sign-in throttle
 */
public record WebSettings(
    String host,
    int port,
    boolean secureCookies,
    Duration sessionIdle,
    int maxFailedSignIns,
    Duration signInWindow) {

  /** Checks the fields. */
  public WebSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(sessionIdle, "sessionIdle");
    Objects.requireNonNull(signInWindow, "signInWindow");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (sessionIdle.toSeconds() < 60) {
      throw new IllegalArgumentException("a session lives at least a minute: " + sessionIdle);
    }
  }

  /** Localhost on {@code port}: 30-minute sessions, five failed sign-ins per 15 minutes. */
  public static WebSettings localhost(int port) {
    return new WebSettings(
        "127.0.0.1", port, false, Duration.ofMinutes(30), 5, Duration.ofMinutes(15));
  }
}
