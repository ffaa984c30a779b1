package org.facefare.face.image;

import java.util.List;
import java.util.Optional;

/**
 * Picks out, among the warnings a JPEG reader raised, the ones that mean libjpeg repaired damaged
 * pixel data rather than merely noting something about the file.
 *
 * <p>libjpeg recovers from corrupt entropy-coded data by padding with grey or skipping bytes and
 * reports it only as a warning (its {@code JWRN_*} messages in {@code jerror.h}, unchanged since
 * release 6); the JDK adds its own for a missing end-of-image marker. Such an image shows grey
 * blocks or smeared rows, which must not be enrolled or matched. Other warnings (an unknown JFIF
 * revision, TwelveMonkeys' note that a CMYK file has no ICC profile) leave the pixels sound.
 */
final class JpegWarnings {

  private static final List<String> DAMAGE_PREFIXES =
      List.of(
          "Corrupt JPEG data", // JWRN_EXTRANEOUS_DATA, JWRN_HIT_MARKER, JWRN_HUFF_BAD_CODE, ...
          "Premature end of JPEG file", // JWRN_JPEG_EOF
          "Inconsistent progression sequence", // JWRN_BOGUS_PROGRESSION
          "Invalid SOS parameters", // JWRN_NOT_SEQUENTIAL
          "Truncated File"); // the JDK reader's WARNING_NO_EOI

  private JpegWarnings() {}

  /** The first warning that reports damaged pixel data, if any. */
  static Optional<String> firstDamage(List<String> warnings) {
    return warnings.stream()
        .filter(w -> DAMAGE_PREFIXES.stream().anyMatch(w::startsWith))
        .findFirst();
  }
}
