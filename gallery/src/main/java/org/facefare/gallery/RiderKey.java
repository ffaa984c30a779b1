package org.facefare.gallery;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An enrolled rider's opaque pseudonym in the gallery: 1–64 characters of {@code [A-Za-z0-9_-]}, so
 * that a name or an e-mail address cannot be used as one.
 *
 * @param value the pseudonym
 */
public record RiderKey(String value) {

  /** The longest pseudonym, in characters. */
  public static final int MAX_LENGTH = 64;

  /** Checks the pseudonym. */
  public RiderKey {
    Objects.requireNonNull(value, "rider pseudonym");
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a rider pseudonym has 1 to " + MAX_LENGTH + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(
            "a rider pseudonym is opaque ([A-Za-z0-9_-] only); character " + i + " is '" + c + "'");
      }
    }
  }

  byte[] bytes() {
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  static RiderKey ofBytes(byte[] b, int off, int len) {
    return new RiderKey(new String(b, off, len, StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return value;
  }
}
