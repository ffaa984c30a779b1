package org.facefare.privacy.log;

/**
 * A source of the log's stored hashes: the hash of the complete, aligned subtree of {@code 2^level}
 * leaves that starts at leaf {@code index * 2^level} (level 0 is the leaf hashes).
 */
@FunctionalInterface
public interface NodeReader {

  /**
   * The stored hash of one complete subtree.
   *
   * @throws IllegalStateException if that subtree is not stored (the log is damaged)
   */
  byte[] node(int level, long index);
}
