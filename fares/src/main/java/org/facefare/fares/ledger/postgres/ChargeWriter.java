package org.facefare.fares.ledger.postgres;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import org.facefare.fares.FarePricer;
import org.facefare.fares.ledger.ChargeRequest;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.LedgerException;
import org.facefare.fares.ledger.LedgerException.Reason;
import org.facefare.fares.ledger.LedgerSettings;
import org.facefare.storage.TransactionTail;
import org.jdbi.v3.core.Jdbi;

/**
 * One group-commit writer: a thread that takes every charge queued for its riders, up to a batch,
 * into one transaction and answers each only after that transaction committed.
 *
 * <p>Rationale for the linger. A transaction costs the same few round trips, statements and WAL
 * flush whether it carries one charge or twenty, and a writer that starts a batch as soon as it is
 * free runs transactions back to back whenever charges keep coming: at 1,000 charges a second and
 * at 2,000 the authority's PostgreSQL spent the same half core, the batches only grew. Holding the
 * oldest waiting charge a little for others to join (the group-commit delay of PostgreSQL's {@code
 * commit_delay} and MySQL's {@code binlog_group_commit_sync_delay}, Kafka's producer {@code
 * linger.ms}) makes fewer, bigger transactions. The linger counts from that charge's arrival, so a
 * charge that already waited for the previous transaction waits no longer, and a full batch starts
 * at once. Measured in the authority bench (docs/benchmarks.md, "the charge writer's linger"), 3 ms
 * cut PostgreSQL's CPU at 1,000 charges a second by a sixth but bettered no p99 while a transaction
 * was seven round trips; at two, 1 ms cut it at 2,000 a second by a fifth and 2 ms by more than a
 * third, and the p99 with it, so the fare authority lingers 2 ms ({@code FaceFareSystem}), while
 * the ledger's own defaults, for callers that charge one at a time, linger for none.
 */
final class ChargeWriter {

  private record Pending(
      ChargeRequest request, CompletableFuture<ChargeResult> future, long queuedNanos) {}

  private static final Pending STOP = new Pending(null, null, 0);

  private final Jdbi jdbi;
  private final ChargeBatch batch;
  private final SameTransaction sameTransaction;
  private final int maxBatch;
  private final long lingerNanos;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean stopped;

  ChargeWriter(
      int index,
      Jdbi jdbi,
      FarePricer pricer,
      HouseAccounts house,
      LedgerSettings settings,
      SameTransaction sameTransaction) {
    this.jdbi = jdbi;
    this.sameTransaction = sameTransaction;
    this.maxBatch = settings.maxBatch();
    this.lingerNanos = settings.linger().toNanos();
    this.batch = new ChargeBatch(pricer, house, settings, index % PostgresLedger.HOUSE_SLOTS);
    this.thread = Thread.ofPlatform().daemon().name("ledger-writer-" + index).unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  CompletableFuture<ChargeResult> submit(ChargeRequest request) {
    if (stopped) {
      return CompletableFuture.failedFuture(new IllegalStateException("the ledger is closed"));
    }
    CompletableFuture<ChargeResult> f = new CompletableFuture<>();
    queue.add(new Pending(request, f, System.nanoTime()));
    return f;
  }

  void stop() {
    stopped = true;
    queue.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean more = true;
    while (more) {
      List<Pending> taken = new ArrayList<>();
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(taken, maxBatch - 1);
      linger(taken);
      more = !taken.remove(STOP);
      if (!taken.isEmpty()) {
        process(taken);
      }
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    for (Pending p : left) {
      if (p != STOP) {
        p.future().completeExceptionally(new IllegalStateException("the ledger is closed"));
      }
    }
  }

  /**
   * Lets more charges join {@code taken} until its first has waited the linger, the batch is full,
   * or the writer is being stopped or interrupted; sleeps rather than waking for each arrival.
   */
  private void linger(List<Pending> taken) {
    if (lingerNanos == 0 || taken.getFirst() == STOP) {
      return;
    }
    long until = taken.getFirst().queuedNanos() + lingerNanos;
    for (long wait;
        taken.size() < maxBatch
            && taken.getLast() != STOP
            && !Thread.currentThread().isInterrupted()
            && (wait = until - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(wait);
      queue.drainTo(taken, maxBatch - taken.size());
    }
  }

  private void process(List<Pending> pending) {
    try {
      complete(pending, transaction(pending));
    } catch (RuntimeException e) {
      if (pending.size() == 1 || unreachable(e)) {
        LedgerException failure = storageFailure(e);
        pending.forEach(p -> p.future().completeExceptionally(failure));
        return;
      }
      for (Pending p : pending) {
        try {
          complete(List.of(p), transaction(List.of(p)));
        } catch (RuntimeException alone) {
          p.future().completeExceptionally(storageFailure(alone));
        }
      }
    }
  }

  /**
   * Runs one batch's transaction with what it carries ({@link SameTransaction}), and tells that how
   * the transaction ended before any charge of it is answered: two round trips, the locks with the
   * read ({@link ChargeBatch}), then the charges' write, what the batch carries and the commit
   * ({@link TransactionTail}).
   */
  private List<Object> transaction(List<Pending> pending) {
    List<ChargeRequest> requests = pending.stream().map(Pending::request).toList();
    SameTransaction.Completion[] carried = {null};
    List<Object> outcomes;
    try {
      outcomes =
          jdbi.inTransaction(
              h -> {
                TransactionTail tail = new TransactionTail(h.getConnection());
                List<Object> o = batch.run(h, tail, requests);
                List<SameTransaction.Charged> charged = new ArrayList<>();
                for (int i = 0; i < o.size(); i++) {
                  if (o.get(i) instanceof ChargeResult r) {
                    charged.add(new SameTransaction.Charged(requests.get(i), r));
                  }
                }
                carried[0] =
                    Objects.requireNonNull(sameTransaction.write(h, tail, charged), "completion");
                tail.commit();
                return o;
              });
    } catch (RuntimeException e) {
      if (carried[0] != null) {
        carried[0].failed();
      }
      throw e;
    }
    carried[0].committed();
    return outcomes;
  }

  private static void complete(List<Pending> pending, List<Object> outcomes) {
    for (int i = 0; i < pending.size(); i++) {
      Object o = outcomes.get(i);
      if (o instanceof ChargeResult r) {
        pending.get(i).future().complete(r);
      } else {
        pending.get(i).future().completeExceptionally((Throwable) o);
      }
    }
  }

  private static LedgerException storageFailure(RuntimeException e) {
    if (e instanceof LedgerException l) {
      return l;
    }
    return new LedgerException(
        Reason.STORAGE,
        "the ledger database failed, nothing was charged: "
            + PostgresLedger.rootMessage(e)
            + "; retry with the same request id",
        e);
  }

  /** Whether the database cannot be reached at all, so retrying each charge alone is futile. */
  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
