package org.facefare.privacy.postgres;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.LogRepository;
import org.facefare.privacy.log.Opening;
import org.facefare.privacy.log.TreeHead;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The transparency log in {@code privacy.log_leaf}, {@code log_node}, {@code tree_head} and {@code
 * log_opening}.
 */
final class PgLogRepository implements LogRepository {

  private static final int FETCH = 1_000;

  private final Jdbi jdbi;

  PgLogRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public long size() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM privacy.log_leaf")
                .mapTo(Long.class)
                .one());
  }

  @Override
  public void appendAll(List<NewLeaf> leaves) {
    if (leaves.isEmpty()) {
      return;
    }
    try {
      jdbi.useTransaction(
          h -> {
            PreparedBatch leafRows =
                h.prepareBatch(
                    "INSERT INTO privacy.log_leaf (leaf_index, leaf_data, leaf_hash, pseudonym)"
                        + " VALUES (:i, :d, :h, :p)");
            PreparedBatch nodeRows =
                h.prepareBatch(
                    "INSERT INTO privacy.log_node (level, node_index, hash) VALUES (:l, :i, :h)");
            PreparedBatch openingRows =
                h.prepareBatch(
                    "INSERT INTO privacy.log_opening"
                        + " (leaf_index, kind, station, decision, request_id, occurred_at, salt,"
                        + " record) VALUES (:i, :k, :s, :d, :q, :t, :salt, :r)");
            boolean anyNode = false;
            for (NewLeaf leaf : leaves) {
              leafRows
                  .bind("i", leaf.index())
                  .bind("d", leaf.data())
                  .bind("h", leaf.hash())
                  .bind("p", leaf.entry().rider().value())
                  .add();
              for (StoredNode n : leaf.nodes()) {
                nodeRows.bind("l", n.level()).bind("i", n.index()).bind("h", n.hash()).add();
                anyNode = true;
              }
              String station = null;
              String decision = null;
              String request = null;
              if (leaf.entry() instanceof LogEntry.Identification id) {
                station = id.station();
                decision = id.decision();
                request = id.requestId();
              }
              openingRows
                  .bind("i", leaf.index())
                  .bind("k", leaf.entry().kind().name())
                  .bind("s", station)
                  .bind("d", decision)
                  .bind("q", request)
                  .bind("t", Timestamp.from(leaf.entry().time()))
                  .bind("salt", leaf.opening().salt())
                  .bind("r", leaf.opening().record())
                  .add();
            }
            leafRows.execute();
            if (anyNode) {
              nodeRows.execute();
            }
            openingRows.execute();
          });
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) {
        throw new IllegalStateException(
            "leaf "
                + leaves.get(0).index()
                + " exists already: another process appends to this log",
            e);
      }
      throw e;
    }
  }

  @Override
  public byte[] node(int level, long index) {
    Optional<byte[]> hash =
        jdbi.withHandle(
            h ->
                level == 0
                    ? h.createQuery("SELECT leaf_hash FROM privacy.log_leaf WHERE leaf_index = :i")
                        .bind("i", index)
                        .mapTo(byte[].class)
                        .findOne()
                    : h.createQuery(
                            "SELECT hash FROM privacy.log_node WHERE level = :l AND node_index = :i")
                        .bind("l", level)
                        .bind("i", index)
                        .mapTo(byte[].class)
                        .findOne());
    return hash.orElseThrow(
        () ->
            new IllegalStateException(
                "the log is damaged: the hash at level "
                    + level
                    + ", index "
                    + index
                    + " is missing"));
  }

  @Override
  public Optional<StoredLeaf> leaf(long index) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT leaf_index, leaf_data, leaf_hash FROM privacy.log_leaf"
                        + " WHERE leaf_index = :i")
                .bind("i", index)
                .map((rs, ctx) -> new StoredLeaf(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .findOne());
  }

  @Override
  public List<Long> indexesOf(Pseudonym rider, long size) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT leaf_index FROM privacy.log_leaf"
                        + " WHERE pseudonym = :p AND leaf_index < :n ORDER BY leaf_index")
                .bind("p", rider.value())
                .bind("n", size)
                .mapTo(Long.class)
                .list());
  }

  @Override
  public java.util.Map<String, Long> indexesOfRequests(java.util.Collection<String> requestIds) {
    if (requestIds.isEmpty()) {
      return java.util.Map.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT request_id, leaf_index FROM privacy.log_opening"
                        + " WHERE request_id = ANY(:q)")
                .bindArray("q", String.class, requestIds)
                .reduceRows(
                    new java.util.HashMap<String, Long>(),
                    (m, row) -> {
                      m.put(
                          row.getColumn("request_id", String.class),
                          row.getColumn("leaf_index", Long.class));
                      return m;
                    }));
  }

  @Override
  public Optional<Opening> opening(long index) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT salt, record FROM privacy.log_opening WHERE leaf_index = :i")
                .bind("i", index)
                .map((rs, ctx) -> new Opening(rs.getBytes(1), rs.getBytes(2)))
                .findOne());
  }

  @Override
  public void forEachLeaf(Consumer<StoredLeaf> action) {
    jdbi.useTransaction(
        h ->
            h.createQuery(
                    "SELECT leaf_index, leaf_data, leaf_hash FROM privacy.log_leaf"
                        + " ORDER BY leaf_index")
                .setFetchSize(FETCH)
                .map((rs, ctx) -> new StoredLeaf(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .forEach(action));
  }

  @Override
  public void forEachNode(Consumer<StoredNode> action) {
    jdbi.useTransaction(
        h ->
            h.createQuery("SELECT level, node_index, hash FROM privacy.log_node")
                .setFetchSize(FETCH)
                .map((rs, ctx) -> new StoredNode(rs.getInt(1), rs.getLong(2), rs.getBytes(3)))
                .forEach(action));
  }

  @Override
  public void saveHead(TreeHead head) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO privacy.tree_head (tree_size, root_hash, signed_at, signature)"
                        + " VALUES (:n, :r, :t, :s)")
                .bind("n", head.size())
                .bind("r", head.root())
                .bind("t", Timestamp.from(head.timestamp()))
                .bind("s", head.signature())
                .execute());
  }

  @Override
  public List<TreeHead> heads() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT tree_size, root_hash, signed_at, signature FROM privacy.tree_head"
                        + " ORDER BY signed_at, tree_size")
                .map(
                    (rs, ctx) ->
                        new TreeHead(
                            rs.getLong(1),
                            rs.getBytes(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getBytes(4)))
                .list());
  }

  @Override
  public Optional<TreeHead> latestHead() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT tree_size, root_hash, signed_at, signature FROM privacy.tree_head"
                        + " ORDER BY signed_at DESC, tree_size DESC LIMIT 1")
                .map(
                    (rs, ctx) ->
                        new TreeHead(
                            rs.getLong(1),
                            rs.getBytes(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getBytes(4)))
                .findOne());
  }
}
