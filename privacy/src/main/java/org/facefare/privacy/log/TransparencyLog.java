package org.facefare.privacy.log;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.signing.VerifyingKey;

/**
 * FaceFare's append-only transparency log of every identification at a gate and every staff access
 * to a rider's data: a Merkle tree in the manner of Certificate Transparency with signed tree
 * heads, inclusion and consistency proofs, a rider's own view, and a full audit of what is stored.
 *
 * <p>One writer appends at a time (a lock here, and the repository refuses a second leaf at the
 * same index, so a second process fails instead of forking the tree). Appending leaf {@code i}
 * stores the hash of every complete subtree that leaf completes, so proofs read O(log n) hashes
 * ({@link MerkleTree}). Appends are group-committed by flat combining (Hendler, Incze, Shavit and
 * Tzafrir, SPAA 2010): each caller queues its entry and takes the lock; whoever holds it appends
 * every queued entry in one transaction, so while one commit waits for the disk the next callers'
 * entries gather into the next batch, and each caller returns only once its entry is durable. A
 * failed transaction fails every entry of its batch and stores none of them. As the only writer,
 * the log remembers its size and right edge after each commit, so a batch costs one lookup of its
 * request ids and one transaction. A writer with a transaction of its own (the fare authority's
 * charge batch) appends inside it instead ({@link #appendWithin}), so its entries commit with its
 * other writes, in one commit.
 */
public final class TransparencyLog {

  private final LogRepository repository;
  private final SigningKey key;
  private final Clock clock;
  private final SecureRandom random;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

  /**
   * The log's size after this writer's last commit, or -1 before the first (guarded by the lock).
   */
  private long knownSize = -1;

  /** The right edge of the tree at {@link #knownSize} (guarded by the lock). */
  private Map<Long, byte[]> frontier = Map.of();

  /** The most entries appended in one repository transaction. */
  static final int MAX_BATCH = 512;

  /**
   * Makes the log over a repository.
   *
   * @param repository where leaves, nodes and heads live
   * @param key the log's signing key
   * @param clock the clock tree heads are stamped with
   * @param random the source of commitment salts
   */
  public TransparencyLog(
      LogRepository repository, SigningKey key, Clock clock, SecureRandom random) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Appends one entry and returns its place once it is committed. An identification is logged once
   * per gate request: appending one whose request id is already in the log (within the retention
   * period) returns the first entry's place and appends nothing.
   */
  public Appended append(LogEntry entry) {
    Objects.requireNonNull(entry, "entry");
    Pending mine = new Pending(entry, new CompletableFuture<>());
    pending.add(mine);
    appendLock.lock();
    try {
      if (!mine.result().isDone()) {
        appendPending();
      }
    } finally {
      appendLock.unlock();
    }
    try {
      return mine.result().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** One entry waiting to be appended, and where its place is reported. */
  private record Pending(LogEntry entry, CompletableFuture<Appended> result) {}

  /**
   * Appends the waiting entries (up to {@link #MAX_BATCH}) in one repository transaction and
   * reports each entry's place; called with the append lock held.
   */
  private void appendPending() {
    List<Pending> batch = new ArrayList<>();
    for (Pending p; batch.size() < MAX_BATCH && (p = pending.poll()) != null; ) {
      batch.add(p);
    }
    if (batch.isEmpty()) {
      return;
    }
    Prepared prepared;
    try {
      prepared = prepare(batch.stream().map(Pending::entry).toList(), repository, true);
      repository.appendAll(prepared.leaves());
      remember(prepared);
    } catch (RuntimeException e) {
      forgetTree();
      for (Pending p : batch) {
        p.result().completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(prepared.places().get(i));
    }
  }

  /**
   * Appends entries inside a transaction that is not the log's: {@code transaction} is this log's
   * repository bound to it (such as {@code PrivacyDatabase.logWithin}), and whoever owns the
   * transaction commits it and then tells the returned append how it ended. Until then this writer
   * holds the append lock, so the tree cannot move underneath; the telling must come from the
   * calling thread. An identification whose request id is in the log already gets the first entry's
   * place, as {@link #append} does. If this throws, nothing is held and the transaction must not
   * commit.
   */
  public PendingAppend appendWithin(LogRepository transaction, List<LogEntry> entries) {
    return within(transaction, entries, true);
  }

  /**
   * Appends, inside a transaction that is not the log's, entries whose request ids the caller's own
   * records show to be new, as {@link #appendWithin} does but without looking them up in the log
   * first. An identification whose request id is in the log after all is refused by the log's
   * unique index on request ids when the append's statement runs: the transaction fails and nothing
   * is logged twice.
   *
   * <p>Rationale. The fare authority appends a charge's identification in the charge's own
   * transaction, and the ledger's charge record, keyed by the same request id and written in that
   * transaction, already tells a new request from a retry (a retry's charge is answered from its
   * record and logged with its first attempt). The log's look-up would be the transaction's fifth
   * round trip to the database and an index descent an entry, on the one thread that writes
   * charges; the unique index keeps the invariant without it.
   */
  public PendingAppend appendNewWithin(LogRepository transaction, List<LogEntry> entries) {
    return within(transaction, entries, false);
  }

  private PendingAppend within(
      LogRepository transaction, List<LogEntry> entries, boolean lookUpRequests) {
    Objects.requireNonNull(transaction, "transaction");
    List<LogEntry> copy = List.copyOf(entries);
    appendLock.lock();
    try {
      Prepared prepared = prepare(copy, transaction, lookUpRequests);
      transaction.appendAll(prepared.leaves());
      return new PendingAppend(prepared);
    } catch (RuntimeException e) {
      forgetTree();
      appendLock.unlock();
      throw e;
    }
  }

  /**
   * Entries appended inside another transaction ({@link #appendWithin}), waiting to be told whether
   * it committed.
   */
  public final class PendingAppend {

    private final Prepared prepared;
    private boolean told;

    private PendingAppend(Prepared prepared) {
      this.prepared = prepared;
    }

    /** Each entry's place, in the order given, valid once the transaction has committed. */
    public List<Appended> places() {
      return prepared.places();
    }

    /** The transaction committed: the log moves on from these entries. */
    public void committed() {
      tell();
      try {
        remember(prepared);
      } catch (RuntimeException e) {
        forgetTree();
        throw e;
      } finally {
        appendLock.unlock();
      }
    }

    /** The transaction failed: none of these entries is stored. */
    public void failed() {
      tell();
      forgetTree();
      appendLock.unlock();
    }

    private void tell() {
      if (told) {
        throw new IllegalStateException("this append was already told how its transaction ended");
      }
      told = true;
    }
  }

  /** What is remembered may no longer be the stored tree: read it again next time. */
  private void forgetTree() {
    knownSize = -1;
    frontier = Map.of();
  }

  /** A batch's leaves and places, computed against the tree as this writer knows it. */
  private record Prepared(
      List<Appended> places,
      List<LogRepository.NewLeaf> leaves,
      long start,
      long size,
      Map<Long, byte[]> fresh) {}

  /** Once a batch's leaves are stored: remembers the tree's new size and right edge. */
  private void remember(Prepared p) {
    if (p.size() != p.start() || knownSize < 0) {
      rememberFrontier(p.size(), p.fresh());
    }
  }

  /**
   * Computes the leaves of {@code entries} and the nodes they complete, reading what it needs
   * through {@code repo} (and there, if {@code lookUpRequests}, the entries already logged under
   * their request ids); called with the append lock held. The batch's commitment salts are drawn in
   * one call to the random source, which would otherwise be a point of contention of its own (the
   * JDK's default {@code SecureRandom} reads the kernel's source under a global lock).
   */
  private Prepared prepare(List<LogEntry> entries, LogRepository repo, boolean lookUpRequests) {
    Map<String, Long> logged = new HashMap<>();
    if (lookUpRequests) {
      List<String> requests = new ArrayList<>();
      for (LogEntry e : entries) {
        if (e instanceof LogEntry.Identification id) {
          requests.add(id.requestId());
        }
      }
      logged.putAll(repo.indexesOfRequests(requests));
    }
    long size = knownSize >= 0 ? knownSize : repo.size();
    long start = size;
    Map<Long, byte[]> fresh = new HashMap<>(frontier);
    List<LogRepository.NewLeaf> leaves = new ArrayList<>();
    List<Appended> places = new ArrayList<>(entries.size());
    byte[] salts = new byte[entries.size() * Opening.SALT_LENGTH];
    random.nextBytes(salts);
    for (int b = 0; b < entries.size(); b++) {
      LogEntry entry = entries.get(b);
      if (entry instanceof LogEntry.Identification id && logged.containsKey(id.requestId())) {
        long first = logged.get(id.requestId());
        places.add(new Appended(first, nodeAt(0, first, fresh, repo)));
        continue;
      }
      byte[] salt =
          Arrays.copyOfRange(salts, b * Opening.SALT_LENGTH, (b + 1) * Opening.SALT_LENGTH);
      byte[] data = Leaf.commit(entry, salt).toBytes();
      byte[] hash = MerkleHash.leaf(data);
      long index = size++;
      fresh.put(key(0, index), hash);
      List<LogRepository.StoredNode> nodes = new ArrayList<>();
      byte[] current = hash;
      for (int level = 1; ((index + 1) & ((1L << level) - 1)) == 0; level++) {
        long j = ((index + 1) >>> level) - 1;
        current = MerkleHash.node(nodeAt(level - 1, 2 * j, fresh, repo), current);
        nodes.add(new LogRepository.StoredNode(level, j, current));
        fresh.put(key(level, j), current);
      }
      leaves.add(
          new LogRepository.NewLeaf(index, data, hash, nodes, entry, Opening.of(entry, salt)));
      if (entry instanceof LogEntry.Identification id) {
        logged.put(id.requestId(), index);
      }
      places.add(new Appended(index, hash));
    }
    return new Prepared(places, leaves, start, size, fresh);
  }

  /**
   * Remembers the log's size and its right edge: the root of each complete subtree that a later
   * leaf will combine with (one per set bit of the size), so the next batch reads no node back.
   */
  private void rememberFrontier(long size, Map<Long, byte[]> fresh) {
    Map<Long, byte[]> edge = new HashMap<>();
    for (int level = 0; level < 63; level++) {
      if ((size & (1L << level)) != 0) {
        long index = (size >>> level) - 1;
        edge.put(key(level, index), nodeAt(level, index, fresh, repository));
      }
    }
    frontier = Map.copyOf(edge);
    knownSize = size;
  }

  private byte[] nodeAt(int level, long index, Map<Long, byte[]> fresh, LogRepository repo) {
    byte[] h = fresh.get(key(level, index));
    return h != null ? h : repo.node(level, index);
  }

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }

  /** Signs and saves a tree head for the log as it is now. */
  public TreeHead signHead() {
    appendLock.lock();
    try {
      long size = repository.size();
      TreeHead head = TreeHead.sign(size, MerkleTree.root(size, repository), clock.instant(), key);
      repository.saveHead(head);
      return head;
    } finally {
      appendLock.unlock();
    }
  }

  /** The number of entries in the log now. */
  public long size() {
    return repository.size();
  }

  /** The newest signed tree head. */
  public Optional<TreeHead> latestHead() {
    return repository.latestHead();
  }

  /** The key that checks this log's tree heads. */
  public VerifyingKey verifyingKey() {
    return key.verifyingKey();
  }

  /**
   * The inclusion proof of leaf {@code index} in the tree of {@code size} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size <= size()}
   */
  public List<byte[]> inclusionProof(long index, long size) {
    checkSize(size);
    return MerkleTree.inclusionPath(index, size, repository);
  }

  /**
   * The consistency proof from the tree of {@code first} leaves to that of {@code second}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= first <= second <= size()}
   */
  public List<byte[]> consistencyProof(long first, long second) {
    checkSize(second);
    return MerkleTree.consistencyPath(first, second, repository);
  }

  /** One stored leaf's data. */
  public Optional<byte[]> leafData(long index) {
    return repository.leaf(index).map(LogRepository.StoredLeaf::data);
  }

  /**
   * A rider's own entries up to a signed tree head, each with its inclusion proof and, while
   * retained, the record it commits to. For the rider's history page only: the caller must have
   * authenticated the rider (it is not a staff query; staff go through {@code StaffLookup}).
   */
  public List<HistoryEntry> historyOf(Pseudonym rider, TreeHead head) {
    Objects.requireNonNull(rider, "rider");
    checkSize(head.size());
    List<HistoryEntry> out = new ArrayList<>();
    for (long index : repository.indexesOf(rider, head.size())) {
      byte[] data = repository.leaf(index).orElseThrow().data();
      out.add(
          new HistoryEntry(
              index,
              data,
              MerkleTree.inclusionPath(index, head.size(), repository),
              repository.opening(index)));
    }
    return out;
  }

  /**
   * Audits everything stored against itself and against every signed tree head: each leaf hash
   * against its data, the leaf indexes for gaps, each stored node against its children, each head's
   * signature and its root against the root recomputed from the leaves' data alone. It holds every
   * leaf and node hash in memory: a few hundred bytes an entry, with the maps' overhead.
   *
   * @return the problems found, each saying where; empty when the log is intact
   */
  public List<String> audit() {
    List<String> problems = new ArrayList<>();
    List<byte[]> leafHashes = new ArrayList<>();
    Map<Long, byte[]> stored = new HashMap<>();
    repository.forEachLeaf(
        leaf -> {
          long expected = leafHashes.size();
          if (leaf.index() != expected) {
            problems.add(
                "leaf "
                    + expected
                    + (leaf.index() == expected + 1 ? " is" : " to " + (leaf.index() - 1) + " are")
                    + " missing: stored leaves jump from "
                    + (expected - 1)
                    + " to "
                    + leaf.index());
            while (leafHashes.size() < leaf.index()) {
              leafHashes.add(null);
            }
          }
          byte[] recomputed = MerkleHash.leaf(leaf.data());
          if (!MessageDigest.isEqual(recomputed, leaf.hash())) {
            problems.add(
                "leaf " + leaf.index() + ": its stored hash does not match its data (changed)");
          }
          try {
            Leaf.fromBytes(leaf.data());
          } catch (IllegalArgumentException e) {
            problems.add("leaf " + leaf.index() + ": not valid leaf data (" + e.getMessage() + ")");
          }
          leafHashes.add(recomputed);
          stored.put(leaf.index(), leaf.hash());
        });
    long size = leafHashes.size();
    Map<Long, byte[]> nodes = new HashMap<>();
    repository.forEachNode(node -> nodes.put(nodeKey(node.level(), node.index()), node.hash()));
    Map<Long, byte[]> checked = new HashMap<>();
    for (int level = 1; (size >>> level) > 0; level++) {
      for (long i = 0; i < (size >>> level); i++) {
        byte[] node = nodes.remove(nodeKey(level, i));
        if (node != null) {
          checked.put(nodeKey(level, i), node);
        }
        String where =
            "node at level "
                + level
                + ", index "
                + i
                + " (leaves "
                + (i << level)
                + " to "
                + (((i + 1) << level) - 1)
                + ")";
        if (node == null) {
          problems.add(where + " is missing");
          continue;
        }
        byte[] left = storedNode(level - 1, 2 * i, stored, checked);
        byte[] right = storedNode(level - 1, 2 * i + 1, stored, checked);
        if (left != null
            && right != null
            && !MessageDigest.isEqual(node, MerkleHash.node(left, right))) {
          problems.add(where + " does not match its children (changed, or leaves reordered)");
        }
      }
    }
    for (Long extra : nodes.keySet()) {
      problems.add(
          "node at level "
              + (extra >>> 48)
              + ", index "
              + (extra & ((1L << 48) - 1))
              + " is stored but not part of a tree of "
              + size
              + " leaves");
    }
    NodeReader fromData = fromLeafHashes(leafHashes);
    TreeHead previous = null;
    for (TreeHead head : repository.heads()) {
      try {
        head.verify(key.verifyingKey());
      } catch (ProofException e) {
        problems.add(e.getMessage());
      }
      if (previous != null && head.size() < previous.size()) {
        problems.add(
            "the tree head signed at "
                + head.timestamp()
                + " has size "
                + head.size()
                + ", smaller than the earlier "
                + previous.size());
      }
      if (head.size() > size) {
        problems.add(
            "the tree head of size "
                + head.size()
                + " signed at "
                + head.timestamp()
                + " covers leaves the log no longer has (it has "
                + size
                + ")");
      } else if (leafHashes.subList(0, (int) head.size()).contains(null)) {
        problems.add(
            "the tree head of size "
                + head.size()
                + " signed at "
                + head.timestamp()
                + " covers missing leaves");
      } else if (!MessageDigest.isEqual(MerkleTree.root(head.size(), fromData), head.root())) {
        problems.add(
            "the tree head of size "
                + head.size()
                + " signed at "
                + head.timestamp()
                + ": the root recomputed from the stored leaves differs: entries before "
                + head.size()
                + " were changed, dropped or reordered");
      }
      previous = head;
    }
    return problems;
  }

  private static byte[] storedNode(
      int level, long index, Map<Long, byte[]> leaves, Map<Long, byte[]> nodes) {
    return level == 0 ? leaves.get(index) : nodes.get(nodeKey(level, index));
  }

  private static long nodeKey(int level, long index) {
    return ((long) level << 48) | index;
  }

  /** The complete-subtree hashes of the given leaf hashes, level by level; null below a gap. */
  private static NodeReader fromLeafHashes(List<byte[]> leafHashes) {
    List<List<byte[]>> levels = new ArrayList<>();
    levels.add(leafHashes);
    for (List<byte[]> below = leafHashes; below.size() > 1; ) {
      List<byte[]> level = new ArrayList<>(below.size() / 2);
      for (int i = 0; i + 1 < below.size(); i += 2) {
        byte[] l = below.get(i);
        byte[] r = below.get(i + 1);
        level.add(l == null || r == null ? null : MerkleHash.node(l, r));
      }
      levels.add(level);
      below = level;
    }
    return (level, index) -> levels.get(level).get((int) index);
  }

  private void checkSize(long size) {
    long current = repository.size();
    if (size < 0 || size > current) {
      throw new IllegalArgumentException(
          "tree size " + size + " is outside the log's 0 to " + current + " leaves");
    }
  }
}
