package org.facefare.privacy.vault;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM through the JCA: a fresh random 96-bit nonce per message, a 128-bit tag, and the
 * output laid out as {@code nonce || ciphertext || tag} (NIST SP 800-38D).
 */
final class Aead {

  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private Aead() {}

  static byte[] seal(SecretKey key, byte[] plaintext, byte[] associated, SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associated);
      byte[] sealed = c.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * Opens a sealed message.
   *
   * @throws GeneralSecurityException if the key, the associated data or the bytes are wrong
   */
  static byte[] open(SecretKey key, byte[] sealed, byte[] associated)
      throws GeneralSecurityException {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new javax.crypto.AEADBadTagException("sealed message is too short");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
    c.updateAAD(associated);
    return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }
}
