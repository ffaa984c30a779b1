package org.facefare.privacy.log;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import org.facefare.privacy.Canonical;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.signing.VerifyingKey;

/**
 * A signed tree head: the log's size and root hash at a moment, signed with the log's Ed25519 key
 * (RFC 6962 §3.5 / RFC 9162 §4.10, with Ed25519 for the signature and FaceFare's canonical encoding
 * for the signed bytes).
 *
 * @param size the number of leaves
 * @param root the root hash of those leaves
 * @param timestamp when the head was signed (millisecond precision)
 * @param signature the Ed25519 signature of {@link #signedBytes}
 */
public record TreeHead(long size, byte[] root, Instant timestamp, byte[] signature) {

  private static final String TAG = "facefare-tree-head-v1";

  /** Checks and copies the fields. */
  public TreeHead {
    if (size < 0) {
      throw new IllegalArgumentException("tree size is negative: " + size);
    }
    if (root.length != MerkleHash.LENGTH) {
      throw new IllegalArgumentException("a root hash is 32 bytes, not " + root.length);
    }
    Objects.requireNonNull(timestamp, "timestamp");
    timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
    root = root.clone();
    signature = signature.clone();
  }

  /** Signs a head. */
  public static TreeHead sign(long size, byte[] root, Instant timestamp, SigningKey key) {
    Instant t = Instant.ofEpochMilli(timestamp.toEpochMilli());
    return new TreeHead(size, root, t, key.sign(signedBytes(size, root, t)));
  }

  /**
   * Checks the signature.
   *
   * @throws ProofException if {@code key} did not sign this head
   */
  public void verify(VerifyingKey key) throws ProofException {
    if (!key.verifies(signedBytes(size, root, timestamp), signature)) {
      throw new ProofException(
          "the tree head of size "
              + size
              + " signed at "
              + timestamp
              + " does not carry a valid signature of the log's key");
    }
  }

  /** The bytes the signature covers. */
  public static byte[] signedBytes(long size, byte[] root, Instant timestamp) {
    return Canonical.tagged(TAG).number(size).bytes(root).instant(timestamp).toBytes();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHead h
        && h.size == size
        && MessageDigest.isEqual(h.root, root)
        && h.timestamp.equals(timestamp)
        && MessageDigest.isEqual(h.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(size, java.util.Arrays.hashCode(root), timestamp);
  }

  @Override
  public String toString() {
    return "TreeHead[size=" + size + ", root=" + Proofs.hex(root) + ", at " + timestamp + "]";
  }
}
