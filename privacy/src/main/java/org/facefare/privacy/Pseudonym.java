package org.facefare.privacy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The opaque identifier under which one face enrolment is known to FaceFare's privacy records:
 * never a name, card number or anything else that identifies the rider outside FaceFare.
 *
 * <p>A face pseudonym is issued fresh for each enrolment. Once erased it is never reused, so a
 * restored backup can be told apart from a re-enrolment (see {@code docs/privacy.md}).
 *
 * @param value 1 to 64 characters of {@code [A-Za-z0-9_-]}
 */
public record Pseudonym(String value) {

  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Checks the form. */
  public Pseudonym {
    Objects.requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a pseudonym is 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-', not '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
