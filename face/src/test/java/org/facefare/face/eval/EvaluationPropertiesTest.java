package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Properties every result must have, on random galleries of awkward sizes, and a check of the
 * operating points against brute-force counting over all pairs.
 */
class EvaluationPropertiesTest {

  /** Clustered random embeddings, at least two images an identity, a fraction unusable. */
  static List<Sample> randomSamples(long seed, int identities, int perIdentity, double unusable) {
    Random random = new Random(seed);
    int dim = 8;
    List<Sample> samples = new ArrayList<>();
    for (int id = 0; id < identities; id++) {
      float[] centre = new float[dim];
      for (int k = 0; k < dim; k++) {
        centre[k] = (float) random.nextGaussian();
      }
      int images = 2 + random.nextInt(perIdentity);
      for (int i = 0; i < images; i++) {
        String identity = "id" + id;
        String imageId = identity + "/" + i + ".png";
        if (random.nextDouble() < unusable) {
          samples.add(Sample.unusable(identity, imageId, "no face"));
          continue;
        }
        float[] e = new float[dim];
        for (int k = 0; k < dim; k++) {
          e[k] = centre[k] + (float) (0.8 * random.nextGaussian());
        }
        samples.add(
            Sample.usable(identity, imageId, e).withTag("half", i % 2 == 0 ? "even" : "odd"));
      }
    }
    return samples;
  }

  private static EvalSettings settings() {
    return EvalSettings.builder("random", "random")
        .farTargets(List.of(1e-1, 1e-2, 1e-3, 1e-4))
        .fmrThresholdTargets(List.of(1e-1, 1e-2, 1e-3))
        .fpirTargets(List.of(0.3, 1e-1, 1e-2))
        .breakdownBy("half")
        .build();
  }

  @ParameterizedTest
  @CsvSource({"1, 2, 3, 0", "2, 3, 5, 0.1", "3, 13, 7, 0.2", "4, 21, 4, 0.05", "5, 40, 10, 0.3"})
  void ratesAreFractionsAndMonotone(long seed, int identities, int perIdentity, double unusable) {
    List<Sample> samples = randomSamples(seed, identities, perIdentity, unusable);
    EvalResult r = Evaluation.run(samples, settings());
    assertProperties(r.verification());
    assertProperties(r.identification());
    for (Breakdown b : r.breakdowns()) {
      for (Subset s : b.subsets()) {
        if (s.verification() instanceof Measured.Value<VerificationResult> v) {
          assertProperties(v.result());
        }
        if (s.identification() instanceof Measured.Value<IdentificationResult> v) {
          assertProperties(v.result());
        }
      }
    }
  }

  private static void assertProperties(VerificationResult v) {
    if (v.eer() instanceof Eer.Interpolated e) {
      assertThat(e.rate()).isBetween(0.0, 1.0);
    }
    List<DetPoint> det = v.det();
    for (int i = 0; i < det.size(); i++) {
      assertThat(det.get(i).fmr()).isBetween(0.0, 1.0);
      assertThat(det.get(i).fnmr()).isBetween(0.0, 1.0);
      if (i > 0) {
        assertThat(det.get(i).fmr()).isLessThanOrEqualTo(det.get(i - 1).fmr());
        assertThat(det.get(i).fnmr()).isGreaterThanOrEqualTo(det.get(i - 1).fnmr());
      }
    }
    // Targets are given from loose to strict: TAR can only fall, thresholds only rise.
    for (int i = 0; i < v.tarAtFar().size(); i++) {
      TarAtFar t = v.tarAtFar().get(i);
      assertThat(t.tar()).isBetween(0.0, 1.0);
      assertThat(t.point().observedRate()).isLessThanOrEqualTo(t.point().target());
      if (i > 0) {
        assertThat(t.tar()).isLessThanOrEqualTo(v.tarAtFar().get(i - 1).tar());
      }
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (FmrThreshold t : v.thresholdAtFmr()) {
      if (t instanceof FmrThreshold.Resolved r) {
        assertThat(r.threshold()).isGreaterThanOrEqualTo(previous);
        previous = r.threshold();
      }
    }
  }

  private static void assertProperties(IdentificationResult r) {
    assertThat(r.rank1()).isBetween(0.0, 1.0);
    for (int i = 0; i < r.fnirAtFpir().size(); i++) {
      FnirAtFpir f = r.fnirAtFpir().get(i);
      assertThat(f.fnir()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(1 - r.rank1() - 1e-12);
      assertThat(f.point().observedRate()).isLessThanOrEqualTo(f.point().target());
      if (i > 0) {
        assertThat(f.fnir()).isGreaterThanOrEqualTo(r.fnirAtFpir().get(i - 1).fnir());
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"7, 9, 6, 0.1", "8, 30, 8, 0"})
  void operatingPointsMatchBruteForceCounts(
      long seed, int identities, int perIdentity, double unusable) {
    List<Sample> samples = randomSamples(seed, identities, perIdentity, unusable);
    EvalResult r = Evaluation.run(samples, settings());
    Similarity cosine = Similarity.cosine();
    long genuine = 0;
    long impostor = 0;
    for (TarAtFar t : r.verification().tarAtFar()) {
      long acceptedGenuine = 0;
      long acceptedImpostor = 0;
      genuine = 0;
      impostor = 0;
      for (int i = 0; i < samples.size(); i++) {
        for (int j = i + 1; j < samples.size(); j++) {
          Sample a = samples.get(i);
          Sample b = samples.get(j);
          boolean same = a.identity().equals(b.identity());
          if (same) {
            genuine++;
          } else {
            impostor++;
          }
          if (a.outcome() instanceof SampleOutcome.Usable ua
              && b.outcome() instanceof SampleOutcome.Usable ub) {
            double s =
                (float)
                    cosine.score(cosine.prepare(ua.embedding()), cosine.prepare(ub.embedding()));
            if (t.point().accepts(s)) {
              if (same) {
                acceptedGenuine++;
              } else {
                acceptedImpostor++;
              }
            }
          }
        }
      }
      assertThat(acceptedGenuine).isEqualTo(t.acceptedGenuine());
      assertThat(acceptedImpostor).isEqualTo(t.point().observedFalse());
      assertThat(acceptedImpostor)
          .isLessThanOrEqualTo((long) Math.floor(t.point().target() * impostor + 1e-9));
    }
    assertThat(r.verification().scores().genuinePairs()).isEqualTo(genuine);
    assertThat(r.verification().scores().impostorPairs()).isEqualTo(impostor);
  }

  @ParameterizedTest
  @CsvSource({"11, 12, 5, 0.1"})
  void resultDoesNotDependOnInputOrder(
      long seed, int identities, int perIdentity, double unusable) {
    List<Sample> samples = randomSamples(seed, identities, perIdentity, unusable);
    EvalResult a = Evaluation.run(samples, settings());
    List<Sample> shuffled = new ArrayList<>(samples);
    Collections.shuffle(shuffled, new Random(seed));
    EvalResult b = Evaluation.run(shuffled, settings());
    assertThat(Figures.of(b)).isEqualTo(Figures.of(a));
  }
}
