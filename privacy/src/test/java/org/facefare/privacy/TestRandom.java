package org.facefare.privacy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Seeded randomness, so that a failing test replays. */
public final class TestRandom {

  private TestRandom() {}

  /** A deterministic {@link SecureRandom} for {@code seed}. */
  public static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
