package org.facefare.privacy.log;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.facefare.privacy.Pseudonym;

/**
 * Where the transparency log keeps its leaves, complete-subtree hashes, record openings and signed
 * tree heads; implemented over PostgreSQL by {@code org.facefare.privacy.postgres}.
 */
public interface LogRepository extends NodeReader {

  /** A stored leaf. */
  record StoredLeaf(long index, byte[] data, byte[] hash) {}

  /** A stored hash of a complete subtree of {@code 2^level} leaves, level 1 and up. */
  record StoredNode(int level, long index, byte[] hash) {}

  /** The number of leaves. */
  long size();

  /**
   * A leaf to append with the nodes it completes and the opening of its record.
   *
   * @param index the leaf's index
   * @param data the leaf's bytes
   * @param hash the leaf's hash
   * @param nodes the complete-subtree hashes this leaf completes
   * @param entry the record
   * @param opening the record's opening (salt and canonical bytes)
   */
  record NewLeaf(
      long index,
      byte[] data,
      byte[] hash,
      List<StoredNode> nodes,
      LogEntry entry,
      Opening opening) {}

  /**
   * Appends consecutive leaves, with their nodes and openings, in one atomic unit: all or none.
   *
   * @throws IllegalStateException if a leaf's index exists already (another writer appended)
   */
  void appendAll(List<NewLeaf> leaves);

  /** One stored leaf. */
  Optional<StoredLeaf> leaf(long index);

  /** The indexes of one rider's leaves below {@code size}, ascending. */
  List<Long> indexesOf(Pseudonym rider, long size);

  /**
   * The leaves of the identifications made for these gate requests, while retained: request id to
   * leaf index, for those that are in the log.
   */
  java.util.Map<String, Long> indexesOfRequests(java.util.Collection<String> requestIds);

  /** The opening of leaf {@code index}'s record, while it is retained. */
  Optional<Opening> opening(long index);

  /** Every stored leaf in index order. */
  void forEachLeaf(Consumer<StoredLeaf> action);

  /** Every stored node (level 1 and up). */
  void forEachNode(Consumer<StoredNode> action);

  /** Saves a signed tree head. */
  void saveHead(TreeHead head);

  /** The signed tree heads, oldest first. */
  List<TreeHead> heads();

  /** The newest signed tree head. */
  Optional<TreeHead> latestHead();
}
