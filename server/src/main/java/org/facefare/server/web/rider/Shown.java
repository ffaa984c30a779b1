package org.facefare.server.web.rider;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.facefare.fares.Money;

/** How the rider pages write amounts and times: in the rider's language and the network's zone. */
final class Shown {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Shown() {}

  /** {@code money} as e.g. {@code 45.00 RUB}. */
  static String money(Money money) {
    int digits = Math.max(0, money.currency().getDefaultFractionDigits());
    return BigDecimal.valueOf(money.minor(), digits).toPlainString()
        + " "
        + money.currency().getCurrencyCode();
  }

  /** {@code minor} units of {@code currency} as e.g. {@code 45.00 RUB}. */
  static String money(long minor, String currency) {
    return money(new Money(minor, java.util.Currency.getInstance(currency)));
  }

  /** {@code at} in {@code zone}, e.g. {@code 2026-12-01 08:15:02}. */
  static String time(Instant at, ZoneId zone) {
    return TIME.withLocale(Locale.ROOT).format(at.atZone(zone));
  }
}
