package org.facefare.privacy.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.facefare.privacy.Pseudonym;

/**
 * A rider's recorded consent: to which version, with the hash of its text, when given and, once
 * withdrawn, when.
 *
 * @param rider the rider
 * @param version the consent text's version
 * @param textSha256 the SHA-256 of the text consented to
 * @param givenAt when the rider agreed
 * @param withdrawnAt when the rider withdrew, if they did
 */
public record ConsentRecord(
    Pseudonym rider,
    int version,
    String textSha256,
    Instant givenAt,
    Optional<Instant> withdrawnAt) {

  /** Checks the fields. */
  public ConsentRecord {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(textSha256, "textSha256");
    Objects.requireNonNull(givenAt, "givenAt");
    Objects.requireNonNull(withdrawnAt, "withdrawnAt");
  }
}
