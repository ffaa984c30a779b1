package org.facefare.privacy.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One published version of the face-pay consent text, identified by its version number and the
 * SHA-256 of its exact wording, which an enrolment must echo back.
 *
 * @param version the version number (1 and up)
 * @param text the exact text shown to the rider
 */
public record ConsentText(int version, String text) {

  /** The purpose every consent text must state, word for word. */
  public static final String PURPOSE = "Purpose: fare payment only.";

  /** Checks the fields. */
  public ConsentText {
    if (version < 1) {
      throw new IllegalArgumentException("consent versions start at 1, not " + version);
    }
    Objects.requireNonNull(text, "text");
    if (!text.contains(PURPOSE)) {
      throw new IllegalArgumentException(
          "consent text version " + version + " does not state \"" + PURPOSE + "\"");
    }
  }

  /** The SHA-256 of the text's UTF-8, in lower-case hex. */
  public String sha256() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
