package org.facefare.fares.ledger;

/** The form of idempotency keys and request ids. */
final class Keys {

  private Keys() {}

  static void check(String what, String key) {
    if (key == null || key.isEmpty() || key.length() > 128 || key.isBlank()) {
      throw new IllegalArgumentException(what + " must be 1-128 characters, not blank: " + key);
    }
  }
}
