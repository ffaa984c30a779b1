package org.facefare.privacy.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * An Ed25519 public key that checks FaceFare's signatures; published so that anyone can verify tree
 * heads and erase receipts. Its text form is the X.509 SubjectPublicKeyInfo in Base64.
 */
public final class VerifyingKey {

  private final PublicKey key;

  VerifyingKey(PublicKey key) {
    this.key = key;
  }

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException if it is not an Ed25519 public key
   */
  public static VerifyingKey parse(String base64) {
    try {
      byte[] der = Base64.getDecoder().decode(base64.strip());
      return new VerifyingKey(
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Base64 X.509 Ed25519 public key", e);
    }
  }

  /**
   * Reads a file holding the text form.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is not an Ed25519 public key
   */
  public static VerifyingKey load(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code signature} is this key's signature of {@code message}. */
  public boolean verifies(byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 verification is unavailable", e);
    }
  }

  /** The text form. */
  public String encoded() {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyingKey v && v.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "VerifyingKey[" + encoded() + "]";
  }
}
