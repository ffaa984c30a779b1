package org.facefare.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One search split into parts that the calling thread and the search helpers claim one at a time,
 * so that the caller never waits for a helper that has not started.
 *
 * <p>Rationale. Handing a part to a helper thread and waiting for its future puts the helper's
 * wake-up on the search's path: on a machine whose cores are busy with other work a woken thread
 * may wait a scheduler time slice (milliseconds) before it runs, which is the p99 of a
 * sub-millisecond search. Here the parts are claimed from a shared counter, as in the
 * caller-runs/work-stealing schemes of fork-join pools (Lea, "A Java Fork/Join Framework", 2000):
 * the caller runs parts until none is left unclaimed, and then waits only for parts a helper is
 * already running. The parts are the same whoever runs them, so the result does not depend on the
 * scheduling.
 */
final class WorkSplit {

  /** The spin budget before a caller parks to wait for a helper's running part. */
  private static final long SPIN_NANOS = 50_000;

  private WorkSplit() {}

  /** One part of the work. */
  interface Part<T> {
    T run(int index);
  }

  /**
   * Runs parts {@code 0..parts-1}, offering them to up to {@code helpers} tasks on {@code executor}
   * as well as running them on the calling thread, and returns their results in part order.
   *
   * @throws IllegalStateException if a part failed, or the caller was interrupted while a helper
   *     ran a part
   */
  static <T> List<T> run(int parts, Executor executor, int helpers, Part<T> part) {
    Object[] results = new Object[parts];
    if (parts == 1 || helpers == 0) {
      for (int i = 0; i < parts; i++) {
        results[i] = part.run(i);
      }
      return list(results);
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(parts);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable drain =
        () -> {
          for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
            try {
              results[i] = part.run(i);
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              done.countDown();
            }
          }
        };
    for (int h = 0; h < Math.min(helpers, parts - 1); h++) {
      try {
        executor.execute(drain);
      } catch (RejectedExecutionException e) {
        break; // a closed gallery's helpers: the caller runs every part
      }
    }
    drain.run();
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (done.getCount() > 0 && System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("search interrupted", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("search failed", failure.get());
    }
    return list(results);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object[] results) {
    List<T> out = new ArrayList<>(results.length);
    for (Object r : results) {
      out.add((T) r);
    }
    return out;
  }
}
