package org.facefare.privacy.vault;

/**
 * A master key that wraps and unwraps riders' data keys, by id; FaceFare's own {@link
 * AesKeyEncryptionKey} holds the key locally, and an external KMS plugs in by implementing this.
 *
 * <p>An implementation for a KMS maps {@link #wrap} to the KMS's encrypt call and {@link #unwrap}
 * to its decrypt call, passing {@code context} as the authenticated context (AWS KMS
 * "EncryptionContext", Google Cloud KMS "additionalAuthenticatedData", HashiCorp Vault transit
 * "context"), so that a wrapped key only unwraps for the rider it was made for. The key never
 * leaves the KMS; {@link #id} names its version so that rotation can tell old wraps from new.
 */
public interface KeyEncryptionKey {

  /** The id of this key version, stored beside every key it wraps. */
  String id();

  /**
   * Wraps a data key.
   *
   * @param dataKey the key to wrap
   * @param context the authenticated context the unwrap must present again
   */
  byte[] wrap(byte[] dataKey, byte[] context);

  /**
   * Unwraps a data key.
   *
   * @throws VaultException if {@code wrapped} was not made by this key under {@code context}
   */
  byte[] unwrap(byte[] wrapped, byte[] context);
}
