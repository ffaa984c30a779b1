package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.facefare.face.Template;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The inverted partition against the exact scan: decide() and decideExactly() on the same synthetic
 * galleries, with mated, non-mated and two-rider (ambiguous) probes.
 */
class PartitionTest {

  private static final String MODEL = "test-model";
  private static final DecisionRule RULE = new DecisionRule(0.975, 0.01);

  private static RiderKey rider(int i) {
    return new RiderKey("r" + i);
  }

  @ParameterizedTest
  @CsvSource({
    "128, INT8, 1, 256, 64",
    "128, FLOAT32, 2, 256, 64",
    "512, INT8, 2, 64, 16",
    "192, INT8, 1, 100, 25"
  })
  void decisionsEqualTheExactOnesWhereTheExactBestReachesTheThreshold(
      int dim, Precision precision, int threads, int lists, int read) {
    Synth s = new Synth(dim, dim + lists, 24, 0.5);
    int riders = dim == 512 ? 8_000 : 20_000;
    GallerySettings settings =
        GallerySettings.of(s.profile(MODEL, RULE))
            .withPrecision(precision)
            .withExactBelow(0)
            .withRerank(256)
            .withParallelism(threads)
            .withPartitioning(new Partitioning(lists, read, riders / 4, 7));
    try (Gallery g = Gallery.create(settings)) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < riders; i++) {
        ids.add(s.identity());
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
        assertThat(g.partitioned()).isEqualTo(i + 1 >= riders / 4);
      }
      // replacements and removals after the partition was trained
      for (int i = 0; i < riders; i += 50) {
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
      }
      for (int i = 25; i < riders; i += 50) {
        assertThat(g.remove(rider(i))).isTrue();
      }
      List<Template> probes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        probes.add(s.capture(MODEL, ids.get(i * 37 % riders)));
        probes.add(s.capture(MODEL, s.identity()));
      }
      // twins: two riders enrolled with captures of one identity, so that their probes are
      // ambiguous
      for (int i = 0; i < 20; i++) {
        float[] twin = s.identity();
        g.enrol(new RiderKey("twinA" + i), s.one(MODEL, twin));
        g.enrol(new RiderKey("twinB" + i), s.one(MODEL, twin));
        probes.add(s.capture(MODEL, twin));
      }
      int reaching = 0;
      int ambiguous = 0;
      for (Template p : probes) {
        Decision exact = g.decideExactly(p);
        Decision approx = g.decide(p);
        double exactBest = exact.best().orElseThrow().score();
        assertThat(approx.best().orElseThrow().score())
            .as("an approximate best is an exact score of a subset")
            .isLessThanOrEqualTo(exactBest + 1e-6);
        if (exactBest >= RULE.threshold()) {
          reaching++;
          assertThat(approx.getClass()).isEqualTo(exact.getClass());
          assertThat(approx.best().get().rider()).isEqualTo(exact.best().get().rider());
          assertThat(approx.best().get().score()).isCloseTo(exactBest, within(1e-6));
          if (exact instanceof Decision.Ambiguous) {
            ambiguous++;
            // the runner-up may be another rider within the margin: the decision is the same
            assertThat(approx.second().get().score())
                .isLessThanOrEqualTo(exact.second().get().score() + 1e-6);
          }
        } else {
          assertThat(approx).isInstanceOf(Decision.NoMatch.class);
        }
      }
      assertThat(reaching).as("probes whose exact best reaches the threshold").isGreaterThan(150);
      assertThat(ambiguous).as("ambiguous probes").isGreaterThan(5);
    }
  }

  /** With 4 lists each list spans several blocks; with 16, most fit in one. */
  @ParameterizedTest(name = "{0} lists")
  @ValueSource(ints = {4, 16})
  void listsCompactAsRidersLeaveAndTheRestAreStillFound(int lists) {
    Synth s = new Synth(128, 5, 24, 0.5);
    GallerySettings settings =
        GallerySettings.of(s.profile(MODEL, RULE))
            .withExactBelow(0)
            .withPartitioning(new Partitioning(lists, lists, 1000, 2));
    try (Gallery g = Gallery.create(settings)) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        ids.add(s.identity());
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
      }
      for (int i = 0; i < 3000; i++) {
        if (i % 5 != 0) {
          assertThat(g.remove(rider(i))).isTrue();
        }
      }
      assertThat(g.riderCount()).isEqualTo(600);
      for (int i = 0; i < 3000; i += 7) {
        Decision d = g.decide(s.capture(MODEL, ids.get(i)));
        if (i % 5 == 0) {
          assertThat(d).isInstanceOf(Decision.Match.class);
          assertThat(d.best().get().rider()).isEqualTo(rider(i));
        } else {
          assertThat(d.best().get().rider()).isNotEqualTo(rider(i));
          assertThat(d.second().get().rider()).isNotEqualTo(rider(i));
        }
      }
      // re-enrolling reuses the released slots, which the lists must not still name
      for (int i = 1; i < 3000; i += 5) {
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
      }
      for (int i = 1; i < 3000; i += 35) {
        Decision d = g.decide(s.capture(MODEL, ids.get(i)));
        assertThat(d.best().get().rider()).isEqualTo(rider(i));
        assertThat(d.best().get().score())
            .isCloseTo(
                g.decideExactly(s.capture(MODEL, ids.get(i))).best().get().score(), within(0.05));
      }
    }
  }

  @Test
  void aSearchReadsOnlyTheProbedLists() {
    Synth s = new Synth(128, 3);
    GallerySettings settings =
        GallerySettings.of(s.profile(MODEL, RULE))
            .withExactBelow(0)
            .withRerank(2)
            .withPartitioning(new Partitioning(64, 1, 2000, 1));
    try (Gallery g = Gallery.create(settings)) {
      List<float[]> ids = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        ids.add(s.identity());
        g.enrol(rider(i), s.one(MODEL, ids.get(i)));
      }
      // with one list of 64 read, the strangers' best candidates are not the exact best ones
      int differ = 0;
      for (int i = 0; i < 50; i++) {
        Template p = s.capture(MODEL, s.identity());
        if (!g.decide(p).best().equals(g.decideExactly(p).best())) {
          differ++;
        }
      }
      assertThat(differ).isGreaterThan(10);
      g.setSearchDepth(4000, 64);
      for (int i = 0; i < 50; i++) {
        Template p = s.capture(MODEL, s.identity());
        assertThat(g.decide(p).best().get().rider())
            .isEqualTo(g.decideExactly(p).best().get().rider());
      }
      assertThatThrownBy(() -> g.setSearchDepth(16, 65)).hasMessageContaining("probes");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void theNearestListsAreTheBestScoredLeavesInOrder(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int dim = 16;
    float[][] sample = new float[2000][];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = unit(r, dim);
    }
    Partition p = Partition.train(sample, 100, seed, dim, 1, VectorKernels.best());
    float[] leaves = p.leafCentroids();
    int count = p.listCount();
    for (int t = 0; t < 20; t++) {
      float[] q = unit(r, dim);
      double[] score = new double[count];
      for (int j = 0; j < count; j++) {
        double dot = 0;
        double half = 0;
        for (int d = 0; d < dim; d++) {
          dot += q[d] * leaves[j * dim + d];
          half += leaves[j * dim + d] * leaves[j * dim + d];
        }
        score[j] = dot - half / 2;
      }
      Integer[] order = new Integer[count];
      for (int j = 0; j < count; j++) {
        order[j] = j;
      }
      Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -score[j]));
      int n = 1 + r.nextInt(count);
      int[] got = p.nearestLists(q, n);
      assertThat(got).hasSize(n);
      for (int i = 0; i < n; i++) {
        // float and double sums may swap near-equal neighbours: compare the scores, not the ids
        assertThat(score[got[i]]).isCloseTo(score[order[i]], within(1e-5));
      }
      assertThat(Arrays.stream(got).distinct().count()).isEqualTo(n);
    }
  }

  @Test
  void orderedBitsOrderAsTheFloatsDo() {
    float[] v = {
      Float.NEGATIVE_INFINITY,
      -3.5f,
      -1f,
      -Float.MIN_VALUE,
      -0f,
      0f,
      Float.MIN_VALUE,
      0.25f,
      1f,
      7e30f,
      Float.POSITIVE_INFINITY
    };
    for (int i = 0; i + 1 < v.length; i++) {
      assertThat(Partition.orderedBits(v[i])).isLessThanOrEqualTo(Partition.orderedBits(v[i + 1]));
    }
    assertThat(Partition.orderedBits(-0f)).isEqualTo(Partition.orderedBits(0f));
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < 10_000; i++) {
      float a = (float) (r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-30, 30)));
      float b = (float) (r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-30, 30)));
      assertThat(Integer.compare(Partition.orderedBits(a), Partition.orderedBits(b)))
          .isEqualTo(Float.compare(a + 0f, b + 0f));
    }
  }

  private static float[] unit(SplittableRandom r, int dim) {
    float[] v = new float[dim];
    double n = 0;
    for (int d = 0; d < dim; d++) {
      v[d] = (float) r.nextGaussian();
      n += v[d] * v[d];
    }
    for (int d = 0; d < dim; d++) {
      v[d] /= (float) Math.sqrt(n);
    }
    return v;
  }

  @ParameterizedTest(name = "{0} words, k {1}")
  @CsvSource({"2, 1", "2, 37", "2, 600", "2, 5000", "1, 100", "3, 250", "8, 64"})
  void theSelectionKeepsTheNearestCodesWithTiesToTheFirstRead(int words, int k) {
    SplittableRandom r = new SplittableRandom(words * 1000L + k);
    int dim = 8;
    float[][] sample = new float[400][];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = unit(r, dim);
    }
    Partition p = Partition.train(sample, 16, 7, dim, words, VectorKernels.best());
    // entries with few distinct distances (codes differ from the probe in 0–12 bits), so that
    // the cut-off distance always has ties; every fifth entry is tombstoned
    long[] probe = new long[words];
    for (int w = 0; w < words; w++) {
      probe[w] = r.nextLong();
    }
    int slot = 0;
    for (int l = 0; l < p.listCount(); l++) {
      int n = r.nextInt(3 * Partition.BLOCK);
      for (int i = 0; i < n; i++) {
        long[] code = probe.clone();
        for (int flips = r.nextInt(13); flips > 0; flips--) {
          int bit = r.nextInt(64 * words);
          code[bit >>> 6] ^= 1L << (bit & 63);
        }
        p.list(l).append(slot++, code, 0);
      }
    }
    for (int s = 0; s < slot; s += 5) {
      p.list(listOf(p, s)).tombstone(s);
    }
    int[] which = {9, 3, 14, 0, 7, 12};
    // the reference: every live entry in read order, stably sorted by distance, the first k
    List<long[]> read = new ArrayList<>();
    for (int l : which) {
      Partition.Entries e = p.list(l).entries;
      for (int i = 0; i < e.size; i++) {
        if (e.slot(i) >= 0) {
          int d = 0;
          for (int w = 0; w < words; w++) {
            d += Long.bitCount(e.codeBlock(i)[e.codeOffset(i, words) + w] ^ probe[w]);
          }
          read.add(new long[] {d, e.slot(i)});
        }
      }
    }
    read.sort(Comparator.comparingLong((long[] x) -> x[0]));
    long[] want = read.stream().limit(k).mapToLong(x -> (x[0] << 32) | x[1]).sorted().toArray();
    long[] got = p.select(probe, which, 0, which.length, k);
    Arrays.sort(got);
    assertThat(got).containsExactly(want);
    // a second search on the same thread reuses the buffers and gets the same answer
    long[] again = p.select(probe, which, 0, which.length, k);
    Arrays.sort(again);
    assertThat(again).containsExactly(want);
  }

  private static int listOf(Partition p, int slot) {
    for (int l = 0; l < p.listCount(); l++) {
      Partition.Entries e = p.list(l).entries;
      for (int i = 0; i < e.size; i++) {
        if (e.slot(i) == slot) {
          return l;
        }
      }
    }
    throw new AssertionError("slot " + slot + " is in no list");
  }

  @Test
  void badPartitioningIsAClearError() {
    assertThatThrownBy(() -> new Partitioning(2, 1, 100, 0)).hasMessageContaining("lists");
    assertThatThrownBy(() -> new Partitioning(64, 0, 100, 0)).hasMessageContaining("probes");
    assertThatThrownBy(() -> new Partitioning(64, 65, 100, 0)).hasMessageContaining("probes");
    assertThatThrownBy(() -> new Partitioning(64, 8, 63, 0)).hasMessageContaining("from");
    assertThatThrownBy(() -> new Partitioning(0, 8, 0, 0)).hasMessageContaining("without lists");
    Synth s = new Synth(128, 4);
    try (Gallery g =
        Gallery.create(
            GallerySettings.of(s.profile(MODEL, RULE)).withPartitioning(Partitioning.NONE))) {
      assertThatThrownBy(() -> g.setSearchDepth(16, 4)).hasMessageContaining("without lists");
    }
  }
}
