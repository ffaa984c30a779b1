package org.facefare.privacy.log;

import java.util.Objects;
import java.util.regex.Pattern;

/** Field checks shared by the log's records. */
final class LogFields {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private LogFields() {}

  static String id(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a "
              + what
              + " is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-', not '"
              + value
              + "'");
    }
    return value;
  }
}
