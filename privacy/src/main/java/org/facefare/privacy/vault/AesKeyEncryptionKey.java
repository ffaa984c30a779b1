package org.facefare.privacy.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A master key held by FaceFare itself: 256 random bits, read from a key file or an environment
 * variable as Base64, that wraps data keys with AES-256-GCM.
 */
public final class AesKeyEncryptionKey implements KeyEncryptionKey {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final String id;
  private final SecretKey key;
  private final SecureRandom random;

  private AesKeyEncryptionKey(String id, byte[] key, SecureRandom random) {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a master key id is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' or '-', not '"
              + id
              + "'");
    }
    if (key.length != Aead.KEY_BYTES) {
      throw new IllegalArgumentException(
          "master key " + id + " must be 32 bytes (256 bits), not " + key.length);
    }
    this.id = id;
    this.key = new SecretKeySpec(key, "AES");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A new random master key. */
  public static AesKeyEncryptionKey generate(String id, SecureRandom random) {
    byte[] k = new byte[Aead.KEY_BYTES];
    random.nextBytes(k);
    return new AesKeyEncryptionKey(id, k, random);
  }

  /**
   * Reads a master key from a file holding its Base64.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it does not hold 32 bytes of Base64
   */
  public static AesKeyEncryptionKey fromFile(String id, Path file, SecureRandom random)
      throws IOException {
    return parse(id, Files.readString(file), "key file " + file, random);
  }

  /**
   * Reads a master key from an environment variable holding its Base64.
   *
   * @param environment the environment, e.g. {@code System.getenv()}
   * @throws IllegalArgumentException if the variable is unset or not 32 bytes of Base64
   */
  public static AesKeyEncryptionKey fromEnvironment(
      String id, Map<String, String> environment, String variable, SecureRandom random) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("environment variable " + variable + " is not set");
    }
    return parse(id, value, "environment variable " + variable, random);
  }

  /** The Base64 text form that {@link #fromFile} and {@link #fromEnvironment} read. */
  public String encoded() {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  private static AesKeyEncryptionKey parse(
      String id, String text, String where, SecureRandom random) {
    byte[] k;
    try {
      k = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " does not hold Base64", e);
    }
    if (k.length != Aead.KEY_BYTES) {
      throw new IllegalArgumentException(
          where + " holds " + k.length + " bytes; a master key is 32 bytes (256 bits)");
    }
    return new AesKeyEncryptionKey(id, k, random);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] dataKey, byte[] context) {
    return Aead.seal(key, dataKey, context, random);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] context) {
    try {
      return Aead.open(key, wrapped, context);
    } catch (GeneralSecurityException e) {
      throw new VaultException(
          "master key " + id + " cannot unwrap this data key (wrong key, rider or bytes)", e);
    }
  }

  @Override
  public String toString() {
    return "AesKeyEncryptionKey[" + id + "]";
  }
}
