package org.facefare.face.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * The face-recognition accuracy evaluation: {@link #run} turns labelled samples into verification
 * and open-set identification results.
 *
 * <pre>{@code
 * EvalResult result = Evaluation.run(samples, EvalSettings.builder("att", "face-api.js").build());
 * ReportWriter.write(result, Path.of("out/eval-att"));
 * }</pre>
 */
public final class Evaluation {

  /*
   * Protocol and rationale.
   *
   * Vocabulary follows ISO/IEC 19795-1:2021 (Biometric performance testing and reporting, part 1)
   * for verification and NIST's FRVT Part 2: Identification report (NISTIR 8271, Grother, Ngan,
   * Hanaoka) for open-set 1:N search.
   *
   * Scores. A Similarity maps two embeddings to a score where higher means "same person" (cosine
   * for FaceFare's embedders, negative L2 distance for face-api.js), so one threshold convention
   * serves every model: a comparison is accepted when score >= threshold. All pairwise scores are
   * computed once (ScoreMatrix); every metric and subset reads from that matrix.
   *
   * Verification uses every unordered pair of images: genuine pairs share an identity, impostor
   * pairs do not. FMR(t) is the fraction of impostor pairs accepted and FNMR(t) the fraction of
   * genuine pairs rejected (19795-1 clause 3). The DET curve plots FNMR against FMR over every
   * distinct threshold; the EER is where the piecewise-linear curve between consecutive operating
   * points crosses FMR = FNMR. TAR at FAR f is 1 - FNMR at the lowest threshold that accepts at
   * most floor(f * impostorPairs) impostor pairs. When f * impostorPairs < 1 that threshold lies
   * above every impostor score: the TAR reported there is a lower bound for FAR f (observed FAR 0)
   * and is flagged unresolved rather than extrapolated. A *threshold* for a target FMR is only
   * given when it is resolved (at least 1/f impostor pairs); otherwise it is absent with the
   * reason, since no deployment should rely on an unobserved operating point.
   *
   * Open-set identification (FRVT Part 2, section 3). The identities, sorted by name, are shuffled
   * by Fisher-Yates with SplittableRandom(seed); the first half (rounded down) is enrolled, each
   * with its first image in image-id order. Mated probes are the other images of enrolled
   * identities; non-mated probes are all images of the other identities. A search returns the
   * gallery's top candidate and score. FPIR(t) is the fraction of non-mated probes whose top score
   * is >= t; the threshold for FPIR f is chosen on non-mated top scores as above (resolved when
   * f * nonMatedProbes >= 1, otherwise the FNIR is an upper bound at observed FPIR 0). FNIR(t)
   * counts a mated probe as missed unless its mate is the rank-1 candidate, scoring strictly above
   * every other entry (ties are misses), with a score >= t. The rank-1 identification rate is the
   * fraction of mated probes whose mate is rank 1, without a threshold.
   *
   * Unusable images (no face, too dark ...) are failures, never silently dropped, so that a
   * pipeline cannot look better by refusing hard images; their counts are reported with reasons.
   * This is the transaction-level view of 19795-1's generalised rates (failure-to-acquire folded
   * into the error rates):
   *  - a genuine pair with an unusable image is a false non-match at every threshold; an impostor
   *    pair with one is a correct non-match. Both stay in the denominators.
   *  - an unusable enrolment image is a failure to enrol: the identity is not in the gallery and
   *    each of its mated probes is a miss (counted in FNIR and rank-1), as a rider who could not
   *    enrol would not be recognised. It is not re-cast as non-mated, which would change the
   *    protocol's split between the models compared.
   *  - an unusable mated probe is a miss; an unusable non-mated probe returns no candidate and is a
   *    correct rejection, in the FPIR denominator.
   *
   * Breakdowns by a sample tag (such as Yale B's lighting) keep the whole run's gallery and
   * enrolment choice: verification uses the pairs with both images in the subset, identification
   * searches only the subset's probes. Subsets too small for a metric report why instead of a
   * number.
   */

  private Evaluation() {}

  /**
   * Evaluates the samples.
   *
   * @throws IllegalArgumentException when image ids repeat, embeddings differ in length, there are
   *     fewer than two identities, no genuine pair or no mated probe
   */
  public static EvalResult run(List<Sample> samples, EvalSettings settings) {
    List<Sample> sorted =
        samples.stream()
            .sorted(Comparator.comparing(Sample::identity).thenComparing(Sample::imageId))
            .toList();
    requireUniqueIds(sorted);
    String context = "dataset " + settings.dataset() + ", model " + settings.model();
    List<String> enrolled = Identification.chooseEnrolled(sorted, settings.seed());
    ScoreMatrix matrix = ScoreMatrix.compute(sorted, settings.similarity());
    boolean[] all = new boolean[sorted.size()];
    Arrays.fill(all, true);
    VerificationResult verification =
        Verification.evaluate(Verification.pairs(sorted, matrix, all), settings)
            .orElseThrow(context);
    Identification identification = Identification.search(sorted, matrix, enrolled);
    IdentificationResult searched =
        identification.evaluate(i -> true, matrix, settings.fpirTargets()).orElseThrow(context);
    List<Breakdown> breakdowns = new ArrayList<>();
    for (String tag : settings.breakdownTags()) {
      breakdowns.add(breakdown(tag, sorted, matrix, identification, settings));
    }
    Map<String, Long> reasons =
        sorted.stream()
            .filter(s -> s.outcome() instanceof SampleOutcome.Unusable)
            .collect(
                Collectors.groupingBy(
                    s -> ((SampleOutcome.Unusable) s.outcome()).reason(),
                    TreeMap::new,
                    Collectors.counting()));
    long identities = sorted.stream().map(Sample::identity).distinct().count();
    return new EvalResult(
        settings, sorted.size(), identities, reasons, verification, searched, breakdowns);
  }

  private static Breakdown breakdown(
      String tag,
      List<Sample> sorted,
      ScoreMatrix matrix,
      Identification identification,
      EvalSettings settings) {
    Set<String> values = new TreeSet<>();
    long untagged = 0;
    for (Sample s : sorted) {
      String v = s.tags().get(tag);
      if (v == null) {
        untagged++;
      } else {
        values.add(v);
      }
    }
    List<Subset> subsets = new ArrayList<>();
    for (String value : values) {
      boolean[] member = new boolean[sorted.size()];
      long images = 0;
      long unusable = 0;
      for (int i = 0; i < member.length; i++) {
        member[i] = value.equals(sorted.get(i).tags().get(tag));
        if (member[i]) {
          images++;
          unusable += matrix.usable(i) ? 0 : 1;
        }
      }
      IntPredicate inSubset = i -> member[i];
      subsets.add(
          new Subset(
              value,
              images,
              unusable,
              Verification.evaluate(Verification.pairs(sorted, matrix, member), settings),
              identification.evaluate(inSubset, matrix, settings.fpirTargets())));
    }
    return new Breakdown(tag, untagged, subsets);
  }

  private static void requireUniqueIds(List<Sample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples to evaluate");
    }
    Set<String> seen = new HashSet<>();
    for (Sample s : samples) {
      if (!seen.add(s.imageId())) {
        throw new IllegalArgumentException("image id " + s.imageId() + " occurs more than once");
      }
    }
  }
}
