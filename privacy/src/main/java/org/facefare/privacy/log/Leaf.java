package org.facefare.privacy.log;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.facefare.privacy.Canonical;
import org.facefare.privacy.Pseudonym;

/**
 * The data of one leaf of the transparency log: the kind of event, the rider's pseudonym and a
 * salted SHA-256 commitment to the event's record; nothing else, so that the log can stay forever
 * without keeping where anyone went.
 *
 * <p>The commitment is {@code SHA-256(canonical("facefare-log-commitment-v1", salt, record))} with
 * a fresh 32-byte salt per entry: a hiding, binding commitment (the construction CONIKS uses to
 * keep its key directory's entries private, Melara et al., USENIX Security 2015), so the commitment
 * cannot be confirmed by guessing a gate and a time once the record and salt are deleted at the end
 * of the retention period.
 *
 * @param kind what the record is
 * @param rider the rider it concerns
 * @param commitment the 32-byte commitment
 */
public record Leaf(Kind kind, Pseudonym rider, byte[] commitment) {

  private static final String TAG = "facefare-log-leaf-v1";
  private static final String COMMITMENT_TAG = "facefare-log-commitment-v1";

  /** The kinds of events the log records. */
  public enum Kind {
    /** A fare identification at a gate. */
    IDENTIFICATION,
    /** A staff member's access to one rider's personal data. */
    STAFF_ACCESS
  }

  /** Checks the fields. */
  public Leaf {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(rider, "rider");
    if (commitment.length != MerkleHash.LENGTH) {
      throw new IllegalArgumentException("a commitment is 32 bytes, not " + commitment.length);
    }
    commitment = commitment.clone();
  }

  /** The leaf committing to {@code entry} under {@code salt}. */
  public static Leaf commit(LogEntry entry, byte[] salt) {
    return new Leaf(entry.kind(), entry.rider(), commitment(salt, entry.toBytes()));
  }

  /** Whether {@code opening} opens this leaf's commitment. */
  public boolean isOpenedBy(Opening opening) {
    return MessageDigest.isEqual(commitment, commitment(opening.salt(), opening.record()));
  }

  /** The leaf data: the input of the leaf hash. */
  public byte[] toBytes() {
    return Canonical.tagged(TAG).text(kind.name()).text(rider.value()).bytes(commitment).toBytes();
  }

  /**
   * Reads leaf data.
   *
   * @throws IllegalArgumentException if the bytes are not leaf data
   */
  public static Leaf fromBytes(byte[] data) {
    Canonical.Reader r = new Canonical.Reader(data, TAG);
    Kind kind;
    try {
      kind = Kind.valueOf(r.text());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown leaf kind", e);
    }
    Leaf leaf = new Leaf(kind, new Pseudonym(r.text()), r.bytes());
    r.end();
    return leaf;
  }

  /** The leaf hash. */
  public byte[] hash() {
    return MerkleHash.leaf(toBytes());
  }

  @Override
  public byte[] commitment() {
    return commitment.clone();
  }

  private static byte[] commitment(byte[] salt, byte[] record) {
    return MerkleHash.sha256()
        .digest(Canonical.tagged(COMMITMENT_TAG).bytes(salt).bytes(record).toBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Leaf l
        && l.kind == kind
        && l.rider.equals(rider)
        && Arrays.equals(l.commitment, commitment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, rider, Arrays.hashCode(commitment));
  }

  @Override
  public String toString() {
    return "Leaf[" + kind + ", " + rider + ", " + Proofs.hex(commitment) + "]";
  }
}
