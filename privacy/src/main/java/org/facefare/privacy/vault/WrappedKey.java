package org.facefare.privacy.vault;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * A rider's data key as the key store keeps it: wrapped by one master key version.
 *
 * @param rider the rider's pseudonym, also the wrap's authenticated context
 * @param masterKeyId the id of the master key that wrapped it
 * @param wrapped the wrapped bytes
 */
public record WrappedKey(org.facefare.privacy.Pseudonym rider, String masterKeyId, byte[] wrapped) {

  /** Checks and copies the fields. */
  public WrappedKey {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(masterKeyId, "masterKeyId");
    wrapped = wrapped.clone();
  }

  @Override
  public byte[] wrapped() {
    return wrapped.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey k
        && k.rider.equals(rider)
        && k.masterKeyId.equals(masterKeyId)
        && MessageDigest.isEqual(k.wrapped, wrapped);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rider, masterKeyId, java.util.Arrays.hashCode(wrapped));
  }

  @Override
  public String toString() {
    return "WrappedKey[" + rider + " under " + masterKeyId + "]";
  }
}
