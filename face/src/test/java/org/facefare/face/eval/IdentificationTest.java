package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A constructed gallery on a line: each embedding is one number and the score is minus the
 * distance, so every search can be checked by hand.
 */
class IdentificationTest {

  private static Sample at(String imageId, double x) {
    return Sample.usable(
        imageId.substring(0, imageId.indexOf('/')), imageId, new float[] {(float) x});
  }

  /**
   * A and B enrolled (A/1 at 0, B/1 at 1). Mated probes: A/2 (0.1: mate at 0.1, rank 1), A/3 (0.45:
   * mate 0.45 vs 0.55, rank 1), B/2 (0.9: rank 1), B/3 (0.4: nearer A, a rank-1 miss). Non-mated
   * top scores: C/1 (0.5) -0.5, C/2 (3) -2, D/1 (5) -4, D/2 (-0.3) -0.3.
   */
  private static List<Sample> line() {
    return new ArrayList<>(
        List.of(
            at("A/1", 0),
            at("A/2", 0.1),
            at("A/3", 0.45),
            at("B/1", 1),
            at("B/2", 0.9),
            at("B/3", 0.4),
            at("C/1", 0.5),
            at("C/2", 3),
            at("D/1", 5),
            at("D/2", -0.3)));
  }

  private static IdentificationResult search(List<Sample> samples, List<Double> fpirs) {
    List<Sample> sorted =
        samples.stream()
            .sorted(Comparator.comparing(Sample::identity).thenComparing(Sample::imageId))
            .toList();
    ScoreMatrix matrix = ScoreMatrix.compute(sorted, Similarity.negativeL2());
    return Identification.search(sorted, matrix, List.of("A", "B"))
        .evaluate(i -> true, matrix, fpirs)
        .orElseThrow("test");
  }

  @Test
  void rankOneAndFnirOnAConstructedGallery() {
    IdentificationResult r = search(line(), List.of(0.25, 0.1, 0.5));
    assertThat(r.matedProbes()).isEqualTo(4);
    assertThat(r.nonMatedProbes()).isEqualTo(4);
    assertThat(r.rank1Hits()).isEqualTo(3);
    assertThat(r.rank1()).isEqualTo(0.75);

    // FPIR 0.25: one non-mated probe may pass (-0.3); the threshold rejects -0.5 and below.
    FnirAtFpir quarter = r.fnirAtFpir().get(0);
    assertThat(quarter.point().threshold().getAsDouble()).isGreaterThan(-0.5).isLessThan(-0.45);
    assertThat(quarter.point().observedFalse()).isEqualTo(1);
    assertThat(quarter.misses()).isEqualTo(1); // B/3
    assertThat(quarter.fnir()).isEqualTo(0.25);
    assertThat(quarter.point().resolved()).isTrue();

    // FPIR 0.1: none may pass (floor 0.4 = 0): threshold above -0.3 also loses A/3 (-0.45).
    FnirAtFpir tenth = r.fnirAtFpir().get(1);
    assertThat(tenth.point().resolved()).isFalse();
    assertThat(tenth.point().observedFalse()).isZero();
    assertThat(tenth.misses()).isEqualTo(2);

    // FPIR 0.5: two may pass; every rank-1 mate clears the threshold above -2.
    FnirAtFpir half = r.fnirAtFpir().get(2);
    assertThat(half.point().observedFalse()).isEqualTo(2);
    assertThat(half.fnir()).isEqualTo(0.25);
  }

  @Test
  void unusableProbesAreMissesOrCorrectRejections() {
    List<Sample> samples = line();
    samples.add(Sample.unusable("A", "A/4", "no face"));
    samples.add(Sample.unusable("C", "C/3", "no face"));
    IdentificationResult r = search(samples, List.of(0.2));
    assertThat(r.matedProbes()).isEqualTo(5);
    assertThat(r.matedUnusable()).isEqualTo(1);
    assertThat(r.rank1Hits()).isEqualTo(3);
    assertThat(r.nonMatedProbes()).isEqualTo(5);
    assertThat(r.nonMatedUnusable()).isEqualTo(1);
    // 5 non-mated probes, FPIR 0.2 allows one (-0.3): the same threshold as above, B/3 and A/4
    // miss.
    FnirAtFpir f = r.fnirAtFpir().getFirst();
    assertThat(f.point().negatives()).isEqualTo(5);
    assertThat(f.misses()).isEqualTo(2);
    assertThat(f.fnir()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void unusableEnrolmentImageMeansFailureToEnrol() {
    List<Sample> samples = line();
    samples.removeIf(s -> s.imageId().equals("B/1"));
    samples.add(Sample.unusable("B", "B/0", "too dark")); // B's first image in file order
    IdentificationResult r = search(samples, List.of(0.25));
    assertThat(r.failedEnrolments()).containsExactly("B");
    assertThat(r.gallerySize()).isEqualTo(1);
    assertThat(r.matedProbes()).isEqualTo(4); // A/2, A/3, B/2, B/3
    assertThat(r.matedWithoutEnrolment()).isEqualTo(2);
    assertThat(r.rank1Hits()).isEqualTo(2); // A/2 and A/3, the only entry is A
  }

  @Test
  void tiedMateIsNotRankOne() {
    // A/2 at 0.5 is equally far from A/1 (0) and B/1 (1).
    List<Sample> samples =
        List.of(at("A/1", 0), at("A/2", 0.5), at("B/1", 1), at("B/2", 1.1), at("C/1", 7));
    IdentificationResult r = search(samples, List.of(0.5));
    assertThat(r.rank1Hits()).isEqualTo(1); // B/2 only
  }

  @Test
  void enrolmentChoiceIsSeededHalfOfTheIdentities() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      samples.add(at("p" + (char) ('a' + i) + "/1", i));
    }
    List<String> seed0 = Identification.chooseEnrolled(samples, 0);
    assertThat(seed0).hasSize(9).doesNotHaveDuplicates();
    assertThat(Identification.chooseEnrolled(samples, 0)).isEqualTo(seed0);
    assertThat(Identification.chooseEnrolled(samples, 1)).isNotEqualTo(seed0);
    List<Sample> reversed = new ArrayList<>(samples.reversed());
    assertThat(Identification.chooseEnrolled(reversed, 0)).isEqualTo(seed0);
  }

  @Test
  void oneIdentityCannotBeSearched() {
    assertThatThrownBy(() -> Identification.chooseEnrolled(List.of(at("A/1", 0)), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 identities");
  }
}
