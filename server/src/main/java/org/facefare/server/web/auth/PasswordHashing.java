package org.facefare.server.web.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes: the encoded form carries its own salt and parameters, so the cost can
 * be raised later and old hashes still verify.
 *
 * <p>Parameters follow OWASP's Password Storage Cheat Sheet for Argon2id (19 MiB memory, 2
 * iterations, parallelism 1), which is also Spring Security's 5.8 default; RFC 9106 §4 describes
 * the algorithm. Verification of an unknown account still spends one hash so that response times do
 * not tell which addresses have accounts.
 */
public final class PasswordHashing {

  private final Argon2PasswordEncoder encoder;
  private final String decoy;

  /** The default parameters. */
  public PasswordHashing() {
    this(Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
  }

  private PasswordHashing(Argon2PasswordEncoder encoder) {
    this.encoder = encoder;
    this.decoy = encoder.encode("facefare-decoy-password");
  }

  /** The encoded hash of {@code password}. */
  public String hash(CharSequence password) {
    return encoder.encode(password);
  }

  /** Whether {@code password} matches {@code encoded}. */
  public boolean matches(CharSequence password, String encoded) {
    return encoder.matches(password, encoded);
  }

  /** Spends the time of one verification without an account, so that timing reveals nothing. */
  public void spendVerification(CharSequence password) {
    encoder.matches(password, decoy);
  }
}
