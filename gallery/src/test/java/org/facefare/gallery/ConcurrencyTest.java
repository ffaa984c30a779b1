package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.facefare.face.Template;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrencyTest {

  private static final String MODEL = "test-model";

  /**
   * Readers search while a writer removes a quarter of the riders and enrols twice as many new
   * ones; with a partition, the gallery crosses the partition's training size while the readers
   * run, so the switch from the full code scan to the lists, list growth and tombstones all happen
   * under load.
   */
  @ParameterizedTest(name = "partitioned: {0}")
  @ValueSource(booleans = {false, true})
  void removalIsImmediateUnderConcurrentLoad(boolean partitioned) throws InterruptedException {
    Synth s = new Synth(128, 11);
    int riders = 2000;
    GallerySettings settings =
        GallerySettings.of(s.profile(MODEL, new DecisionRule(0.9, 0.01)))
            .withExactBelow(1000)
            .withRerank(32)
            .withPartitioning(partitioned ? new Partitioning(16, 16, 2200, 3) : Partitioning.NONE);
    try (Gallery g = Gallery.create(settings)) {
      List<float[]> ids = new ArrayList<>();
      List<Template> probes = new ArrayList<>();
      for (int i = 0; i < riders; i++) {
        ids.add(s.identity());
        g.enrol(new RiderKey("r" + i), s.one(MODEL, ids.get(i)));
        probes.add(s.capture(MODEL, ids.get(i)));
      }
      // removed[i] is 1 once remove(r_i) has returned
      AtomicIntegerArray removed = new AtomicIntegerArray(riders);
      AtomicBoolean stop = new AtomicBoolean();
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicLong queries = new AtomicLong();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int seed = t;
        Thread th =
            new Thread(
                () -> {
                  java.util.Random r = new java.util.Random(seed);
                  while (!stop.get()) {
                    int i = r.nextInt(riders);
                    boolean goneBefore = removed.get(i) == 1;
                    Decision d = g.decide(probes.get(i));
                    queries.incrementAndGet();
                    RiderKey want = new RiderKey("r" + i);
                    boolean named =
                        d.best().map(c -> c.rider().equals(want)).orElse(false)
                            || d.second().map(c -> c.rider().equals(want)).orElse(false);
                    if (goneBefore && named) {
                      violations.add("query after remove(" + want + ") returned it: " + d);
                    }
                    if (i % 4 != 0 && !(d instanceof Decision.Match && named)) {
                      violations.add("enrolled rider " + want + " not matched: " + d);
                    }
                  }
                });
        th.start();
        readers.add(th);
      }
      assertThat(g.partitioned()).isFalse();
      // a writer removes a quarter of the riders and enrols new ones while the readers run
      for (int i = 0; i < riders; i += 4) {
        assertThat(g.remove(new RiderKey("r" + i))).isTrue();
        removed.set(i, 1);
        g.enrol(new RiderKey("new" + i), s.one(MODEL, s.identity()));
        g.enrol(new RiderKey("more" + i), s.one(MODEL, s.identity()));
      }
      stop.set(true);
      for (Thread th : readers) {
        th.join();
      }
      assertThat(violations).isEmpty();
      assertThat(queries.get()).isGreaterThan(100);
      assertThat(g.riderCount()).isEqualTo(riders + riders / 4);
      assertThat(g.partitioned()).isEqualTo(partitioned);
      for (int i = 0; i < riders; i += 4) {
        assertThat(g.decide(probes.get(i)).best().get().rider().value()).isNotEqualTo("r" + i);
      }
    }
  }
}
