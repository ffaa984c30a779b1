package org.facefare.privacy.retention;

import java.time.Instant;

/**
 * A store of per-rider records kept only for the retention period: at the cutoff it folds older
 * records into anonymous aggregates and deletes them. The transparency log's match records
 * implement it here; the server adapts the ledger's trip retention to it.
 */
public interface RetentionTarget {

  /** A name for reports, e.g. {@code "match records"}. */
  String name();

  /**
   * Aggregates and deletes every record from before {@code cutoff}, atomically.
   *
   * @return the number of records deleted
   */
  long expireBefore(Instant cutoff);
}
