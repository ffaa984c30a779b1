package org.facefare.fares.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * A position in a rider's statement: the page after it holds the items older than it (statements
 * run newest first, ties in time broken by the item's kind and key).
 *
 * @param at the instant of the last item shown, to the microsecond
 * @param item the last item's kind and key, e.g. {@code "c:req-17"}
 */
public record StatementCursor(Instant at, String item) {

  /** Checks the fields and truncates the instant to the microseconds the ledger keeps. */
  public StatementCursor {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(item, "item");
    at = at.truncatedTo(ChronoUnit.MICROS);
    if (item.length() > 130) {
      throw new IllegalArgumentException("a statement cursor's item is at most 130 characters");
    }
  }

  /** The position just after every item before {@code to}: the first page of {@code [.., to)}. */
  public static StatementCursor before(Instant to) {
    return new StatementCursor(to, "");
  }

  /** This cursor as an opaque URL-safe token, for a "next page" link. */
  public String token() {
    String plain = at.getEpochSecond() + "." + (at.getNano() / 1000) + "." + item;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor {@link #token()} wrote.
   *
   * @throws IllegalArgumentException if {@code token} is not one
   */
  public static StatementCursor parse(String token) {
    Objects.requireNonNull(token, "token");
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\.", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("three parts expected");
      }
      long micros = Long.parseLong(parts[1]);
      if (micros < 0 || micros >= 1_000_000) {
        throw new IllegalArgumentException("microseconds out of range");
      }
      return new StatementCursor(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), micros * 1000), parts[2]);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "not a statement page token: '" + token + "' (" + e.getMessage() + ")", e);
    }
  }
}
