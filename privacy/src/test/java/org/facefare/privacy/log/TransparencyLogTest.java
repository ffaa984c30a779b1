package org.facefare.privacy.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.privacy.Postgres;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.TestClock;
import org.facefare.privacy.TestRandom;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.storage.TransactionTail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transparency log on real PostgreSQL: proofs, the rider's view, heads, and tampering. */
class TransparencyLogTest {

  @TempDir static Path dir;
  static Postgres pg;

  static final Pseudonym ANNA = new Pseudonym("anna");
  static final Pseudonym BORIS = new Pseudonym("boris");
  static final Instant T0 = Instant.parse("2026-03-02T07:30:00Z");

  TestClock clock;
  SigningKey key;
  TransparencyLog log;

  @BeforeAll
  static void start() {
    pg = Postgres.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @BeforeEach
  void fresh() {
    pg.truncate();
    clock = new TestClock(T0);
    key = SigningKey.generate(TestRandom.seeded(1));
    log = new TransparencyLog(pg.privacy.log(), key, clock, TestRandom.seeded(2));
  }

  private int requests;

  private void fill(int n) {
    for (int k = 0; k < n; k++) {
      int i = requests++;
      Pseudonym rider = i % 3 == 0 ? ANNA : BORIS;
      log.append(
          new LogEntry.Identification(
              rider,
              "central",
              "central-g" + (i % 4),
              T0.plusSeconds(60L * i),
              "OPEN",
              "req-" + i));
    }
  }

  @Test
  void aRiderSeesOwnEntriesWithProofsThatVerifyOfflineAgainstEverySavedHead() {
    fill(20);
    TreeHead saved = log.signHead();
    fill(17);
    log.append(
        new LogEntry.StaffAccess("agent-7", ANNA, "dispute 4411: rider says charged twice", T0));
    clock.advance(Duration.ofMinutes(5));
    TreeHead current = log.signHead();
    assertThat(current.size()).isEqualTo(38);

    List<HistoryEntry> history = log.historyOf(ANNA, current);
    assertThat(history).hasSize(14);
    assertThat(history).allSatisfy(e -> assertThat(e.leaf().rider()).isEqualTo(ANNA));
    assertThat(history.getLast().opening().orElseThrow().entry())
        .isInstanceOf(LogEntry.StaffAccess.class);

    Auditor.Result r =
        new Auditor(log.verifyingKey())
            .audit(
                Optional.of(saved),
                current,
                log.consistencyProof(saved.size(), current.size()),
                history.stream().map(Auditor.Claim::of).toList());
    assertThat(r.failures()).isEmpty();
    assertThat(r.checked()).hasSize(3 + 2 * 14);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void anEntryWhoseRecordIsChangedDoesNotOpenItsCommitment() {
    fill(5);
    TreeHead head = log.signHead();
    HistoryEntry e = log.historyOf(ANNA, head).getFirst();
    LogEntry.Identification real = (LogEntry.Identification) e.opening().orElseThrow().entry();
    LogEntry.Identification elsewhere =
        new LogEntry.Identification(
            ANNA, "airport", real.gate(), real.time(), real.decision(), real.requestId());
    Auditor.Claim forged =
        new Auditor.Claim(
            e.index(),
            e.leafData(),
            e.inclusionPath(),
            Optional.of(new Opening(e.opening().get().salt(), elsewhere.toBytes())));
    Auditor.Result r =
        new Auditor(log.verifyingKey()).audit(Optional.empty(), head, List.of(), List.of(forged));
    assertThat(r.failures())
        .singleElement()
        .asString()
        .contains("entry 1 (leaf 0)")
        .contains("does not open the leaf's commitment");
  }

  @Test
  void concurrentAppendsMakeOneContiguousTreeThatAudits() throws Exception {
    java.util.concurrent.ExecutorService gates =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<List<Appended>>> done = new ArrayList<>();
    for (int g = 0; g < 4; g++) {
      int gate = g;
      done.add(
          gates.submit(
              () -> {
                List<Appended> mine = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                  mine.add(
                      log.append(
                          new LogEntry.Identification(
                              gate % 2 == 0 ? ANNA : BORIS,
                              "central",
                              "central-g" + gate,
                              T0.plusSeconds(i),
                              "OPEN",
                              "req-" + gate + "-" + i)));
                }
                return mine;
              }));
    }
    List<Long> indexes = new ArrayList<>();
    for (var f : done) {
      f.get().forEach(a -> indexes.add(a.index()));
    }
    gates.shutdown();
    assertThat(indexes).hasSize(100).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 100);
    TreeHead head = log.signHead();
    assertThat(head.size()).isEqualTo(100);
    assertThat(log.audit()).isEmpty();
    assertThat(log.historyOf(ANNA, head)).hasSize(50);
  }

  @Test
  void retriesOfOneRequestFromConcurrentCallersAreLoggedOnceAtOnePlace() throws Exception {
    int threads = 6;
    int requestsEach = 40;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    var start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<java.util.Map<String, Long>>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                java.util.Map<String, Long> places = new java.util.HashMap<>();
                for (int i = 0; i < requestsEach; i++) {
                  // Threads 2k and 2k+1 send the same requests: a gate's retry racing the first
                  // try.
                  String request = "req-" + (thread / 2) + "-" + i;
                  places.put(
                      request,
                      log.append(
                              new LogEntry.Identification(
                                  ANNA, "central", "central-g1", T0, "OPEN", request))
                          .index());
                }
                return places;
              }));
    }
    start.countDown();
    List<java.util.Map<String, Long>> places = new ArrayList<>();
    for (var f : done) {
      places.add(f.get());
    }
    pool.shutdown();
    for (int pair = 0; pair < threads / 2; pair++) {
      assertThat(places.get(2 * pair + 1)).isEqualTo(places.get(2 * pair));
    }
    int unique = threads / 2 * requestsEach;
    assertThat(pg.privacy.log().size()).isEqualTo(unique);
    assertThat(places.stream().flatMap(m -> m.values().stream()).distinct().count())
        .isEqualTo(unique);
    for (var m : places) {
      m.forEach(
          (request, index) ->
              assertThat(pg.privacy.log().indexesOfRequests(List.of(request)))
                  .containsEntry(request, index));
    }
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void aFailedCommitFailsItsEntriesAndStoresNoneOfThem() {
    fill(3);
    java.util.concurrent.atomic.AtomicBoolean fail =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    LogRepository real = pg.privacy.log();
    LogRepository flaky =
        (LogRepository)
            java.lang.reflect.Proxy.newProxyInstance(
                LogRepository.class.getClassLoader(),
                new Class<?>[] {LogRepository.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("appendAll") && fail.getAndSet(false)) {
                    throw new IllegalStateException("the disk is full");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    TransparencyLog over = new TransparencyLog(flaky, key, clock, TestRandom.seeded(3));
    LogEntry.Identification entry =
        new LogEntry.Identification(BORIS, "central", "central-g2", T0, "OPEN", "req-full");
    assertThatThrownBy(() -> over.append(entry)).hasMessageContaining("the disk is full");
    assertThat(real.size()).isEqualTo(3);
    assertThat(over.append(entry).index()).isEqualTo(3);
    assertThat(over.audit()).isEmpty();
  }

  /** Runs {@code body} in a transaction of its own, committed unless it throws. */
  private void inTransaction(java.util.function.Consumer<org.jdbi.v3.core.Handle> body) {
    org.jdbi.v3.core.Jdbi.create(pg.database.dataSource()).useTransaction(body::accept);
  }

  private static LogEntry.Identification gate(int i) {
    return new LogEntry.Identification(
        i % 2 == 0 ? ANNA : BORIS, "central", "central-g1", T0.plusSeconds(i), "OPEN", "req-" + i);
  }

  @Test
  void entriesAppendedInsideAnotherTransactionCommitWithItAndTheLogGoesOnFromThem() {
    fill(3);
    TransparencyLog.PendingAppend[] pending = {null};
    inTransaction(
        h -> {
          h.execute("CREATE TEMPORARY TABLE other_write (n int) ON COMMIT DROP");
          pending[0] =
              log.appendWithin(pg.privacy.logWithin(h), List.of(gate(103), gate(104), gate(1)));
          // Not visible outside the transaction before it commits.
          assertThat(pg.privacy.log().size()).isEqualTo(3);
        });
    pending[0].committed();
    assertThat(pending[0].places().stream().map(Appended::index).toList())
        .as("a request already in the log keeps its first entry")
        .containsExactly(3L, 4L, 1L);
    assertThat(pg.privacy.log().size()).isEqualTo(5);
    fill(4);
    assertThat(pg.privacy.log().size()).isEqualTo(9);
    TreeHead head = log.signHead();
    assertThat(log.historyOf(BORIS, head)).isNotEmpty();
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void entriesAppendedInsideATransactionThatRollsBackAreNotStoredAndTheLogGoesOn() {
    fill(3);
    TransparencyLog.PendingAppend[] pending = {null};
    assertThatThrownBy(
            () ->
                inTransaction(
                    h -> {
                      pending[0] =
                          log.appendWithin(pg.privacy.logWithin(h), List.of(gate(110), gate(111)));
                      throw new IllegalStateException("the charge failed");
                    }))
        .hasMessageContaining("the charge failed");
    pending[0].failed();
    assertThatThrownBy(pending[0]::committed).isInstanceOf(IllegalStateException.class);
    assertThat(pg.privacy.log().size()).isEqualTo(3);
    assertThat(log.append(gate(110)).index()).isEqualTo(3);
    fill(2);
    assertThat(pg.privacy.log().size()).isEqualTo(6);
    assertThat(log.audit()).isEmpty();
  }

  /** {@code repository} counting its look-ups of request ids in {@code lookUps}. */
  private static LogRepository countingLookUps(LogRepository repository, AtomicInteger lookUps) {
    return (LogRepository)
        java.lang.reflect.Proxy.newProxyInstance(
            LogRepository.class.getClassLoader(),
            new Class<?>[] {LogRepository.class},
            (proxy, method, args) -> {
              if (method.getName().equals("indexesOfRequests")) {
                lookUps.incrementAndGet();
              }
              try {
                return method.invoke(repository, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void entriesKnownToBeNewAreAppendedInsideAnotherTransactionWithoutALookUp() {
    fill(3);
    AtomicInteger lookUps = new AtomicInteger();
    TransparencyLog.PendingAppend[] pending = {null};
    inTransaction(
        h ->
            pending[0] =
                log.appendNewWithin(
                    countingLookUps(pg.privacy.logWithin(h), lookUps),
                    List.of(gate(130), gate(131))));
    pending[0].committed();
    assertThat(lookUps).as("request ids looked up in the log").hasValue(0);
    assertThat(pending[0].places().stream().map(Appended::index).toList()).containsExactly(3L, 4L);
    inTransaction(
        h ->
            log.appendWithin(countingLookUps(pg.privacy.logWithin(h), lookUps), List.of(gate(132)))
                .committed());
    assertThat(lookUps).as("appendWithin still looks them up").hasValue(1);
    assertThat(pg.privacy.log().size()).isEqualTo(6);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void anEntryClaimedNewWhoseRequestIsLoggedAlreadyFailsItsTransactionAndNothingIsLoggedTwice() {
    fill(3);
    assertThatThrownBy(
            () ->
                inTransaction(
                    h -> log.appendNewWithin(pg.privacy.logWithin(h), List.of(gate(140), gate(1)))))
        .hasMessageContaining("in the log already");
    assertThat(pg.privacy.log().size()).isEqualTo(3);
    assertThat(log.append(gate(140)).index()).as("the log goes on where it was").isEqualTo(3);
    assertThat(log.append(gate(1)).index()).as("the first entry of req-1").isEqualTo(1);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void anAppendAddedToATransactionsTailRunsWithItsCommit() {
    fill(3);
    TransparencyLog.PendingAppend[] pending = {null};
    inTransaction(
        h -> {
          TransactionTail tail = new TransactionTail(h.getConnection());
          pending[0] =
              log.appendNewWithin(pg.privacy.logWithin(h, tail), List.of(gate(150), gate(151)));
          assertThat(tail.size()).as("one statement for the batch").isEqualTo(1);
          assertThat(pg.privacy.logWithin(h).size()).as("not sent before the commit").isEqualTo(3);
          tail.commit();
        });
    pending[0].committed();
    assertThat(pending[0].places().stream().map(Appended::index).toList()).containsExactly(3L, 4L);
    assertThat(pg.privacy.log().size()).isEqualTo(5);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void aTailsDuplicateRequestFailsItsCommitAsTheAppendTellsIt() {
    fill(3);
    TransparencyLog.PendingAppend[] pending = {null};
    assertThatThrownBy(
            () ->
                inTransaction(
                    h -> {
                      TransactionTail tail = new TransactionTail(h.getConnection());
                      pending[0] =
                          log.appendNewWithin(
                              pg.privacy.logWithin(h, tail), List.of(gate(160), gate(1)));
                      tail.commit();
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a request id of this batch is in the log already");
    pending[0].failed();
    assertThat(pg.privacy.log().size()).isEqualTo(3);
    assertThat(log.append(gate(160)).index()).as("the log goes on where it was").isEqualTo(3);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void anotherStatementsDuplicateKeyInTheTailIsNotToldAsTheLogs() {
    fill(1);
    TransparencyLog.PendingAppend[] pending = {null};
    assertThatThrownBy(
            () ->
                inTransaction(
                    h -> {
                      h.execute("CREATE TEMP TABLE other_rows (k int PRIMARY KEY)");
                      TransactionTail tail = new TransactionTail(h.getConnection());
                      tail.add(
                          "INSERT INTO other_rows VALUES (1), (1)",
                          (ps, first) -> first,
                          e -> null);
                      pending[0] =
                          log.appendNewWithin(pg.privacy.logWithin(h, tail), List.of(gate(180)));
                      tail.commit();
                    }))
        .isInstanceOf(org.facefare.storage.StorageException.class)
        .hasMessageContaining("other_rows_pkey")
        .hasMessageNotContaining("another process");
    pending[0].failed();
    assertThat(pg.privacy.log().size()).isEqualTo(1);
  }

  @Test
  void aSecondWriterOfTheSameLogIsToldSoAndAppendsNothing() {
    fill(1);
    TransparencyLog other = new TransparencyLog(pg.privacy.log(), key, clock, TestRandom.seeded(3));
    assertThat(other.append(gate(170)).index()).isEqualTo(1);
    assertThatThrownBy(() -> log.append(gate(171)))
        .as("the first writer still counts one leaf")
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("leaf 1 exists already: another process appends to this log");
    assertThat(pg.privacy.log().size()).isEqualTo(2);
    assertThat(log.append(gate(171)).index()).as("it reads the log's size again").isEqualTo(2);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void anAppendInsideATransactionHoldsOtherWritersUntilItIsTold() throws Exception {
    fill(1);
    TransparencyLog.PendingAppend[] pending = {null};
    java.util.concurrent.CompletableFuture<Appended> other;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      inTransaction(
          h -> pending[0] = log.appendWithin(pg.privacy.logWithin(h), List.of(gate(120))));
      other = java.util.concurrent.CompletableFuture.supplyAsync(() -> log.append(gate(121)), pool);
      Thread.sleep(200);
      assertThat(other).as("waits for the first writer's transaction").isNotDone();
      pending[0].committed();
      assertThat(other.get(10, java.util.concurrent.TimeUnit.SECONDS).index()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
    assertThat(pending[0].places().getFirst().index()).isEqualTo(1);
    assertThat(log.audit()).isEmpty();
  }

  @Test
  void aGateRequestIsLoggedOnce() {
    fill(3);
    LogEntry.Identification again =
        new LogEntry.Identification(ANNA, "central", "central-g1", T0, "OPEN", "req-1");
    Appended first = log.append(again);
    assertThat(first.index()).isEqualTo(1);
    assertThat(log.append(again).index()).isEqualTo(1);
    assertThat(pg.privacy.log().size()).isEqualTo(3);
  }

  @Test
  void headsArePublishedAtTheIntervalOnTheInjectedClock() {
    TreeHeadPublisher publisher = new TreeHeadPublisher(log, clock, Duration.ofMinutes(1));
    fill(3);
    assertThat(publisher.publishIfDue()).map(TreeHead::size).contains(3L);
    fill(2);
    clock.advance(Duration.ofSeconds(59));
    assertThat(publisher.publishIfDue()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(publisher.publishIfDue()).map(TreeHead::size).contains(5L);
    assertThat(pg.privacy.log().heads()).extracting(TreeHead::size).containsExactly(3L, 5L);
  }

  @Test
  void theDatabaseRefusesToUpdateOrDeleteTheLog() {
    fill(2);
    assertThatThrownBy(
            () -> pg.sql("UPDATE privacy.log_leaf SET pseudonym = 'x' WHERE leaf_index = 0"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> pg.sql("DELETE FROM privacy.log_node"))
        .hasMessageContaining("append-only");
  }

  @Test
  void badProofRequestsAreClearErrors() {
    fill(4);
    assertThatThrownBy(() -> log.inclusionProof(4, 4)).hasMessageContaining("leaf 4");
    assertThatThrownBy(() -> log.inclusionProof(0, 5)).hasMessageContaining("tree size 5");
    assertThatThrownBy(() -> log.consistencyProof(3, 2)).hasMessageContaining("size 3");
    assertThatThrownBy(() -> new LogEntry.StaffAccess("agent-7", ANNA, "curious", T0))
        .hasMessageContaining("stated reason");
  }

  /** Ways to tamper with the stored log, each with where the audit must point. */
  enum Tamper {
    CHANGE_LEAF_DATA(
        "UPDATE privacy.log_leaf SET leaf_data = leaf_data || '\\x00'::bytea WHERE leaf_index = 5",
        "leaf 5: its stored hash does not match its data",
        "root recomputed"),
    REWRITE_LEAF_AND_HASH(
        "UPDATE privacy.log_leaf SET leaf_data = (SELECT leaf_data FROM privacy.log_leaf WHERE"
            + " leaf_index = 1), leaf_hash = (SELECT leaf_hash FROM privacy.log_leaf WHERE"
            + " leaf_index = 1) WHERE leaf_index = 4",
        "node at level 1, index 2 (leaves 4 to 5) does not match its children",
        "root recomputed"),
    DROP_LEAF(
        "DELETE FROM privacy.log_opening WHERE leaf_index = 9;"
            + " DELETE FROM privacy.log_leaf WHERE leaf_index = 9",
        "leaf 9 is missing",
        "covers missing leaves"),
    REORDER_LEAVES(
        "UPDATE privacy.log_leaf AS l SET leaf_data = o.leaf_data, leaf_hash = o.leaf_hash,"
            + " pseudonym = o.pseudonym FROM privacy.log_leaf AS o"
            + " WHERE (l.leaf_index, o.leaf_index) IN ((2, 3), (3, 2))",
        "node at level 1, index 1 (leaves 2 to 3) does not match its children",
        "root recomputed"),
    CHANGE_NODE(
        "UPDATE privacy.log_node SET hash = sha256(hash) WHERE level = 2 AND node_index = 1",
        "node at level 3, index 0 (leaves 0 to 7) does not match its children",
        null),
    DROP_NODE(
        "DELETE FROM privacy.log_node WHERE level = 1 AND node_index = 0",
        "node at level 1, index 0 (leaves 0 to 1) is missing",
        null);

    final String sql;
    final String where;
    final String headProblem;

    /**
     * A tampering.
     *
     * @param headProblem what the audit says of the signed head, or null where only a stored node
     *     changed (the leaves, and so the recomputed roots, are intact)
     */
    Tamper(String sql, String where, String headProblem) {
      this.sql = sql;
      this.where = where;
      this.headProblem = headProblem;
    }
  }

  @ParameterizedTest
  @EnumSource(Tamper.class)
  void tamperingIsFoundAndTheAuditSaysWhere(Tamper tamper) {
    fill(12);
    TreeHead saved = log.signHead();
    assertThat(log.audit()).isEmpty();
    List<String> statements = new ArrayList<>();
    statements.add("ALTER TABLE privacy.log_leaf DISABLE TRIGGER USER");
    statements.add("ALTER TABLE privacy.log_node DISABLE TRIGGER USER");
    statements.addAll(List.of(tamper.sql.split("; ")));
    statements.add("ALTER TABLE privacy.log_leaf ENABLE TRIGGER USER");
    statements.add("ALTER TABLE privacy.log_node ENABLE TRIGGER USER");
    pg.sql(statements.toArray(String[]::new));

    List<String> problems = log.audit();
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(tamper.where));
    if (tamper.headProblem != null) {
      assertThat(problems)
          .anySatisfy(
              p -> assertThat(p).contains("tree head of size 12").contains(tamper.headProblem));
    }
  }

  @Test
  void aFullyRewrittenAndReSignedLogIsInconsistentWithTheSavedHead() {
    fill(12);
    TreeHead saved = log.signHead();
    HistoryEntry savedEntry = log.historyOf(ANNA, saved).get(1);
    // An operator with the database and the signing key swaps two entries and recomputes every
    // node, so that the stored tree is self-consistent again and the audit of the rows passes.
    pg.sql(
        "ALTER TABLE privacy.log_leaf DISABLE TRIGGER USER",
        "ALTER TABLE privacy.log_node DISABLE TRIGGER USER",
        SWAP_2_AND_3,
        "DELETE FROM privacy.log_node");
    List<byte[]> data = new ArrayList<>();
    pg.privacy.log().forEachLeaf(l -> data.add(l.data()));
    MemoryTree rewritten = MemoryTree.ofLeafData(data);
    for (int level = 1; (data.size() >> level) > 0; level++) {
      for (int i = 0; i < (data.size() >> level); i++) {
        pg.sql(
            "INSERT INTO privacy.log_node VALUES ("
                + level
                + ", "
                + i
                + ", '\\x"
                + java.util.HexFormat.of().formatHex(rewritten.node(level, i))
                + "')");
      }
    }
    pg.sql(
        "ALTER TABLE privacy.log_leaf ENABLE TRIGGER USER",
        "ALTER TABLE privacy.log_node ENABLE TRIGGER USER",
        "ALTER TABLE privacy.tree_head DISABLE TRIGGER USER",
        "DELETE FROM privacy.tree_head",
        "ALTER TABLE privacy.tree_head ENABLE TRIGGER USER");
    fill(3);
    clock.advance(Duration.ofMinutes(1));
    TreeHead resigned = log.signHead();
    assertThat(log.audit()).isEmpty();

    Auditor.Result r =
        new Auditor(log.verifyingKey())
            .audit(
                Optional.of(saved),
                resigned,
                log.consistencyProof(saved.size(), resigned.size()),
                List.of(Auditor.Claim.of(savedEntry)));
    assertThat(r.failures())
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith("saved head → current head")
                    .contains("the first 12 entries were changed"))
        .anySatisfy(f -> assertThat(f).contains("entry 1 (leaf 3)").contains("inclusion proof"));
  }

  static final String SWAP_2_AND_3 =
      "UPDATE privacy.log_leaf AS l SET leaf_data = o.leaf_data, leaf_hash = o.leaf_hash,"
          + " pseudonym = o.pseudonym FROM privacy.log_leaf AS o"
          + " WHERE (l.leaf_index, o.leaf_index) IN ((2, 3), (3, 2))";
}
