package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.facefare.face.Template;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Searches large enough to be split over two threads (more than twice 65,536 templates read): the
 * parts, whoever runs them, give the exact scan's answer, and the approximate searches the exact
 * decision wherever the exact best is the mated rider and reaches the threshold.
 */
class SplitSearchTest {

  private static final String MODEL = "test-model";
  private static final DecisionRule RULE = new DecisionRule(0.9, 0.01);

  @ParameterizedTest(name = "partitioned: {0}")
  @ValueSource(booleans = {false, true})
  void splitSearchesAnswerAsTheExactScan(boolean partitioned) {
    Synth s = new Synth(128, 17);
    int riders = 140_000;
    GallerySettings one =
        GallerySettings.of(s.profile(MODEL, RULE))
            .withExactBelow(0)
            .withRerank(256)
            .withPartitioning(
                partitioned ? new Partitioning(16, 16, riders / 2, 5) : Partitioning.NONE);
    List<float[]> ids = new ArrayList<>();
    try (Gallery g = Gallery.create(one.withParallelism(2))) {
      for (int i = 0; i < riders; i++) {
        ids.add(s.identity());
        g.enrol(new RiderKey("r" + i), s.one(MODEL, ids.get(i)));
      }
      assertThat(g.partitioned()).isEqualTo(partitioned);
      int reaching = 0;
      for (int i = 0; i < 60; i++) {
        RiderKey mated = new RiderKey("r" + i * 2_311);
        Template p =
            i % 3 == 0 ? s.capture(MODEL, s.identity()) : s.capture(MODEL, ids.get(i * 2_311));
        Decision exact = g.decideExactly(p);
        Decision split = g.decide(p);
        // at 140,000 riders an impostor may outscore the threshold; the one-bit first stage need
        // not find such an impostor (as with the real embedder), so the check is on mated bests
        if (exact.best().orElseThrow().score() >= RULE.threshold()
            && exact.best().get().rider().equals(mated)) {
          reaching++;
          assertThat(split.getClass()).isEqualTo(exact.getClass());
          assertThat(split.best().get().rider()).isEqualTo(exact.best().get().rider());
          assertThat(split.best().get().score())
              .isCloseTo(exact.best().get().score(), within(1e-6));
        }
        assertThat(split.best().orElseThrow().score())
            .isLessThanOrEqualTo(exact.best().orElseThrow().score() + 1e-6);
      }
      assertThat(reaching).as("probes whose exact best reaches the threshold").isGreaterThan(20);
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {2, 3})
  void anExactScanSplitOverThreadsEqualsOneOnOneThread(int threads) {
    Synth s = new Synth(32, 23);
    GallerySettings settings =
        GallerySettings.of(s.profile(MODEL, RULE)).withPartitioning(Partitioning.NONE);
    try (Gallery split = Gallery.create(settings.withParallelism(threads));
        Gallery single = Gallery.create(settings)) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < 200_000; i++) {
        ids.add(s.identity());
        List<Template> t = s.one(MODEL, ids.get(i));
        split.enrol(new RiderKey("r" + i), t);
        single.enrol(new RiderKey("r" + i), t);
      }
      for (int i = 0; i < 40; i++) {
        Template p = s.capture(MODEL, ids.get(i * 4_999));
        Decision a = split.decideExactly(p);
        Decision b = single.decideExactly(p);
        assertThat(a.best().orElseThrow().rider()).isEqualTo(b.best().orElseThrow().rider());
        assertThat(a.best().orElseThrow().score())
            .isCloseTo(b.best().orElseThrow().score(), within(1e-9));
        assertThat(a.second().orElseThrow().rider()).isEqualTo(b.second().orElseThrow().rider());
      }
    }
  }
}
