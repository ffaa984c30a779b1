package org.facefare.server.web.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/** Formatting helpers for the console's templates: times in the network's zone, numbers, hex. */
public final class ConsoleText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

  private ConsoleText() {}

  /** {@code at} in {@code zone}, e.g. {@code 2026-12-01 08:15:03 MSK}. */
  public static String time(Instant at, ZoneId zone) {
    return TIME.withLocale(Locale.ROOT).format(at.atZone(zone));
  }

  /** A figure with one decimal in the page's language. */
  public static String decimal(double value, Locale language) {
    return String.format(language, "%.1f", value);
  }

  /** Bytes as lower-case hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Bytes as Base64. */
  public static String base64(byte[] bytes) {
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }
}
