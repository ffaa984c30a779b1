package org.facefare.privacy.consent;

import java.util.Objects;

/**
 * A rider's answer to the consent screen: which text they were shown (version and SHA-256 of its
 * wording) and whether they ticked "I agree"; only an explicit yes to the current text enrols.
 *
 * @param version the version shown
 * @param textSha256 the SHA-256 of the text shown, lower-case hex
 * @param agreed whether the rider explicitly agreed
 */
public record ConsentAnswer(int version, String textSha256, boolean agreed) {

  /** Checks the fields. */
  public ConsentAnswer {
    Objects.requireNonNull(textSha256, "textSha256");
  }

  /** An explicit yes to {@code text}. */
  public static ConsentAnswer agreeTo(ConsentText text) {
    return new ConsentAnswer(text.version(), text.sha256(), true);
  }
}
