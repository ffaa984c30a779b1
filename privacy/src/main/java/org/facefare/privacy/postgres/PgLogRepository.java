package org.facefare.privacy.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.LogRepository;
import org.facefare.privacy.log.Opening;
import org.facefare.privacy.log.TreeHead;
import org.facefare.storage.TransactionTail;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The transparency log in {@code privacy.log_leaf}, {@code log_node}, {@code tree_head} and {@code
 * log_opening}: over the pool, each call in its own transaction, or bound to one handle, each call
 * inside that handle's transaction, its appends run at once or added to the transaction's tail.
 */
final class PgLogRepository implements LogRepository {

  private static final int FETCH = 1_000;

  /** The pool, or null when bound. */
  private final Jdbi jdbi;

  /** The handle every call runs on, or null over the pool. */
  private final Handle bound;

  /** Where a bound repository's appends go, sent with the commit; null to run them at once. */
  private final TransactionTail tail;

  PgLogRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.bound = null;
    this.tail = null;
  }

  PgLogRepository(Handle bound, TransactionTail tail) {
    this.jdbi = null;
    this.bound = bound;
    this.tail = tail;
  }

  private <R> R with(HandleCallback<R, RuntimeException> callback) {
    return bound != null ? callback.withHandle(bound) : jdbi.withHandle(callback);
  }

  /** Runs {@code work} in a transaction of its own, or in the bound handle's. */
  private <X extends Exception> void inTransaction(HandleConsumer<X> work) throws X {
    if (bound != null) {
      work.useHandle(bound);
    } else {
      jdbi.useTransaction(work);
    }
  }

  @Override
  public long size() {
    return with(
        h ->
            h.createQuery("SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM privacy.log_leaf")
                .mapTo(Long.class)
                .one());
  }

  /**
   * Appends a batch with one statement: the leaves, the nodes they complete and their openings each
   * go in from arrays ({@code unnest}), so the server plans and runs three inserts a batch, not
   * three a leaf.
   */
  @Override
  public void appendAll(List<NewLeaf> leaves) {
    if (leaves.isEmpty()) {
      return;
    }
    int n = leaves.size();
    Long[] index = new Long[n];
    byte[][] data = new byte[n][];
    byte[][] hash = new byte[n][];
    String[] rider = new String[n];
    String[] kind = new String[n];
    String[] station = new String[n];
    String[] decision = new String[n];
    String[] request = new String[n];
    String[] time = new String[n];
    byte[][] salt = new byte[n][];
    byte[][] record = new byte[n][];
    List<Integer> nodeLevel = new ArrayList<>();
    List<Long> nodeIndex = new ArrayList<>();
    List<byte[]> nodeHash = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NewLeaf leaf = leaves.get(i);
      index[i] = leaf.index();
      data[i] = leaf.data();
      hash[i] = leaf.hash();
      rider[i] = leaf.entry().rider().value();
      kind[i] = leaf.entry().kind().name();
      if (leaf.entry() instanceof LogEntry.Identification id) {
        station[i] = id.station();
        decision[i] = id.decision();
        request[i] = id.requestId();
      }
      time[i] = leaf.entry().time().toString();
      salt[i] = leaf.opening().salt();
      record[i] = leaf.opening().record();
      for (StoredNode node : leaf.nodes()) {
        nodeLevel.add(node.level());
        nodeIndex.add(node.index());
        nodeHash.add(node.hash());
      }
    }
    TransactionTail.Parameters parameters =
        (ps, first) -> {
          Connection c = ps.getConnection();
          Object[][] arrays = {
            index,
            data,
            hash,
            rider,
            nodeLevel.toArray(Integer[]::new),
            nodeIndex.toArray(Long[]::new),
            nodeHash.toArray(byte[][]::new),
            index,
            kind,
            station,
            decision,
            request,
            time,
            salt,
            record
          };
          for (int i = 0; i < arrays.length; i++) {
            ps.setArray(first + i, c.createArrayOf(APPEND_TYPES[i], arrays[i]));
          }
          return first + arrays.length;
        };
    long firstLeaf = leaves.get(0).index();
    if (tail != null) {
      tail.add(APPEND, parameters, e -> duplicate(e, firstLeaf));
      return;
    }
    try {
      inTransaction(
          h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement(APPEND)) {
              parameters.bind(ps, 1);
              ps.executeUpdate();
            }
          });
    } catch (SQLException e) {
      RuntimeException own = duplicate(e, firstLeaf);
      throw own != null ? own : new UnableToExecuteStatementException(e, null);
    }
  }

  /** The batch's one statement (see {@link #appendAll}). */
  private static final String APPEND =
      "WITH l AS (INSERT INTO privacy.log_leaf (leaf_index, leaf_data, leaf_hash, pseudonym)"
          + " SELECT * FROM unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::text[])),"
          + " n AS (INSERT INTO privacy.log_node (level, node_index, hash)"
          + " SELECT * FROM unnest(?::integer[], ?::bigint[], ?::bytea[]))"
          + " INSERT INTO privacy.log_opening"
          + " (leaf_index, kind, station, decision, request_id, occurred_at, salt, record)"
          + " SELECT i, k, s, d, q, t::timestamptz, salt, r FROM unnest(?::bigint[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[])"
          + " AS o(i, k, s, d, q, t, salt, r)";

  /** The append's parameters' array types, in its statement's order. */
  private static final String[] APPEND_TYPES = {
    "bigint", "bytea", "bytea", "text", "integer", "bigint", "bytea", "bigint", "text", "text",
    "text", "text", "text", "bytea", "bytea"
  };

  /**
   * The append's failure when {@code e} is a key the log already holds, else null: in a
   * transaction's tail the failure may be another statement's, so only the log's own keys are
   * claimed.
   */
  private static RuntimeException duplicate(SQLException e, long first) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (!"23505".equals(e.getSQLState())) {
      return null;
    }
    if (message.contains("log_opening_request")) {
      return new IllegalStateException(
          "a request id of this batch is in the log already, nothing was appended", e);
    }
    if (message.contains("log_leaf_pkey")
        || message.contains("log_node_pkey")
        || message.contains("log_opening_pkey")) {
      return new IllegalStateException(
          "leaf " + first + " exists already: another process appends to this log", e);
    }
    return null;
  }

  @Override
  public byte[] node(int level, long index) {
    Optional<byte[]> hash =
        with(
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
    return with(
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
    return with(
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
    return with(
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
    return with(
        h ->
            h.createQuery("SELECT salt, record FROM privacy.log_opening WHERE leaf_index = :i")
                .bind("i", index)
                .map((rs, ctx) -> new Opening(rs.getBytes(1), rs.getBytes(2)))
                .findOne());
  }

  @Override
  public void forEachLeaf(Consumer<StoredLeaf> action) {
    inTransaction(
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
    inTransaction(
        h ->
            h.createQuery("SELECT level, node_index, hash FROM privacy.log_node")
                .setFetchSize(FETCH)
                .map((rs, ctx) -> new StoredNode(rs.getInt(1), rs.getLong(2), rs.getBytes(3)))
                .forEach(action));
  }

  @Override
  public void saveHead(TreeHead head) {
    this.<Integer>with(
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
    return with(
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
    return with(
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
