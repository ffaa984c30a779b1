package org.facefare.privacy.log;

import java.util.List;
import java.util.Optional;

/**
 * One of a rider's own log entries with its inclusion proof against a signed tree head: a line of
 * the rider's history page, and what {@code ./facefare audit verify} checks offline.
 *
 * @param index the leaf index
 * @param leafData the leaf data (kind, pseudonym, commitment)
 * @param inclusionPath the audit path to the tree head's root
 * @param opening the record and salt that open the commitment; empty once retention deleted them
 */
public record HistoryEntry(
    long index, byte[] leafData, List<byte[]> inclusionPath, Optional<Opening> opening) {

  /** The decoded leaf. */
  public Leaf leaf() {
    return Leaf.fromBytes(leafData);
  }
}
