package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkSplitTest {

  @ParameterizedTest(name = "{0} parts")
  @ValueSource(ints = {1, 2, 3, 8, 33})
  void everyPartRunsOnceAndResultsComeInPartOrder(int parts) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 200; round++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        List<Integer> out =
            WorkSplit.run(
                parts,
                pool,
                3,
                i -> {
                  runs.incrementAndGet(i);
                  return i * i;
                });
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
          want.add(i * i);
          assertThat(runs.get(i)).as("runs of part %d", i).isEqualTo(1);
        }
        assertThat(out).isEqualTo(want);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theCallerRunsEveryPartWhenNoHelperStarts() {
    // an executor that queues tasks and never runs them: a helper that is never scheduled
    List<Runnable> neverRun = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    List<Integer> out =
        WorkSplit.run(
            4,
            neverRun::add,
            1,
            i -> {
              threads.add(Thread.currentThread().getName());
              return i;
            });
    assertThat(out).containsExactly(0, 1, 2, 3);
    assertThat(threads).containsOnly(Thread.currentThread().getName());
    assertThat(neverRun).hasSize(1);
    // the late helper finds nothing left to run
    neverRun.get(0).run();
    assertThat(threads).hasSize(4);
  }

  @Test
  void aClosedPoolLeavesTheWorkToTheCaller() {
    List<Integer> out =
        WorkSplit.run(
            3,
            r -> {
              throw new RejectedExecutionException("closed");
            },
            2,
            i -> i + 10);
    assertThat(out).containsExactly(10, 11, 12);
  }

  @Test
  void aFailingPartFailsTheSearch() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(
              () ->
                  WorkSplit.run(
                      4,
                      pool,
                      1,
                      i -> {
                        if (i == 2) {
                          throw new IllegalArgumentException("part 2 broke");
                        }
                        return i;
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("part 2 broke");
    } finally {
      pool.shutdownNow();
    }
  }
}
