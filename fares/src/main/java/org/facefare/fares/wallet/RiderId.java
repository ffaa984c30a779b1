package org.facefare.fares.wallet;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rider's opaque pseudonym: the only name the ledger knows a rider by, never a real name.
 *
 * @param value 1–128 characters of {@code [A-Za-z0-9_.:-]}
 */
public record RiderId(String value) {

  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  /** Checks the form. */
  public RiderId {
    Objects.requireNonNull(value, "rider id");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a rider id is an opaque pseudonym of 1-128 characters [A-Za-z0-9_.:-], not '"
              + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
              + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
