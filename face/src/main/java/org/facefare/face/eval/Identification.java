package org.facefare.face.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The open-set identification protocol of {@link Evaluation}: the seeded choice of enrolled
 * identities, the gallery, and every probe's search outcome, computed once so that results for
 * subsets of probes are cheap.
 */
final class Identification {

  /**
   * One searched probe; {@code topScore} is empty when the probe is unusable or the gallery empty,
   * {@code mateInGallery} is false for non-mated probes and for identities that failed to enrol.
   */
  private record Probe(
      int sample,
      boolean mated,
      boolean mateInGallery,
      boolean mateAtRank1,
      OptionalDouble topScore) {}

  /** A gallery entry: the enrolment sample of an identity. */
  private record Entry(int sample, String identity) {}

  private final List<String> enrolled;
  private final List<String> failedEnrolments;
  private final List<Probe> probes;

  private Identification(List<String> enrolled, List<String> failedEnrolments, List<Probe> probes) {
    this.enrolled = enrolled;
    this.failedEnrolments = failedEnrolments;
    this.probes = probes;
  }

  /**
   * Chooses the identities to enrol: the sorted identities shuffled by Fisher–Yates with {@link
   * SplittableRandom}{@code (seed)} (the same on every JVM), first half rounded down.
   */
  static List<String> chooseEnrolled(List<Sample> samples, long seed) {
    List<String> identities = samples.stream().map(Sample::identity).distinct().sorted().toList();
    if (identities.size() < 2) {
      throw new IllegalArgumentException(
          "open-set identification needs at least 2 identities, got " + identities.size());
    }
    List<String> shuffled = new ArrayList<>(identities);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, t);
    }
    return List.copyOf(shuffled.subList(0, identities.size() / 2));
  }

  /**
   * Enrols each of the given identities with its first sample and searches every other sample.
   *
   * @param samples sorted by identity, then image id
   * @param enrolled identities present in the samples
   */
  static Identification search(List<Sample> samples, ScoreMatrix matrix, List<String> enrolled) {
    Set<String> enrolledSet = new HashSet<>(enrolled);
    Map<String, Integer> enrolmentSample = new HashMap<>();
    for (int i = 0; i < samples.size(); i++) {
      enrolmentSample.putIfAbsent(samples.get(i).identity(), i);
    }
    if (!enrolmentSample.keySet().containsAll(enrolledSet)) {
      throw new IllegalArgumentException("enrolled identities without samples: " + enrolled);
    }
    List<String> failed = new ArrayList<>();
    List<Entry> gallery = new ArrayList<>();
    for (String identity : enrolled) {
      int s = enrolmentSample.get(identity);
      if (matrix.usable(s)) {
        gallery.add(new Entry(s, identity));
      } else {
        failed.add(identity);
      }
    }
    Set<String> inGallery = new HashSet<>();
    gallery.forEach(e -> inGallery.add(e.identity));

    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      String identity = samples.get(i).identity();
      boolean mated = enrolledSet.contains(identity);
      if (mated && enrolmentSample.get(identity) == i) {
        continue;
      }
      probes.add(searchOne(i, identity, mated, inGallery.contains(identity), matrix, gallery));
    }
    return new Identification(List.copyOf(enrolled), List.copyOf(failed), List.copyOf(probes));
  }

  private static Probe searchOne(
      int probe,
      String identity,
      boolean mated,
      boolean mateInGallery,
      ScoreMatrix matrix,
      List<Entry> gallery) {
    if (!matrix.usable(probe) || gallery.isEmpty()) {
      return new Probe(probe, mated, mateInGallery, false, OptionalDouble.empty());
    }
    double top = Double.NEGATIVE_INFINITY;
    double mate = Double.NEGATIVE_INFINITY;
    double bestOther = Double.NEGATIVE_INFINITY;
    for (Entry e : gallery) {
      double s = matrix.score(probe, e.sample);
      top = Math.max(top, s);
      if (e.identity.equals(identity)) {
        mate = s;
      } else {
        bestOther = Math.max(bestOther, s);
      }
    }
    boolean rank1 = mateInGallery && mate > bestOther;
    return new Probe(probe, mated, mateInGallery, rank1, OptionalDouble.of(top));
  }

  /** Results over the probes whose sample passes the filter. */
  Measured<IdentificationResult> evaluate(
      IntPredicate sampleFilter, ScoreMatrix matrix, List<Double> fpirTargets) {
    List<Probe> mated = new ArrayList<>();
    List<Double> nonMatedTops = new ArrayList<>();
    long nonMated = 0;
    long nonMatedUnusable = 0;
    long matedUnusable = 0;
    long matedWithoutEnrolment = 0;
    long rank1Hits = 0;
    for (Probe p : probes) {
      if (!sampleFilter.test(p.sample)) {
        continue;
      }
      boolean usable = matrix.usable(p.sample);
      if (p.mated) {
        mated.add(p);
        matedUnusable += usable ? 0 : 1;
        matedWithoutEnrolment += p.mateInGallery ? 0 : 1;
        rank1Hits += p.mateAtRank1 ? 1 : 0;
      } else {
        nonMated++;
        nonMatedUnusable += usable ? 0 : 1;
        p.topScore.ifPresent(nonMatedTops::add);
      }
    }
    if (mated.isEmpty() || nonMated == 0) {
      return new Measured.Skipped<>(
          "identification needs mated and non-mated probes, got "
              + mated.size()
              + " and "
              + nonMated);
    }
    double[] tops = nonMatedTops.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(tops);
    List<FnirAtFpir> fnirs = new ArrayList<>();
    for (double fpir : fpirTargets) {
      OperatingPoint point = OperatingPoint.choose(fpir, tops, nonMated);
      long misses =
          mated.stream()
              .filter(p -> !(p.mateAtRank1 && point.accepts(p.topScore.getAsDouble())))
              .count();
      fnirs.add(new FnirAtFpir(point, misses, (double) misses / mated.size()));
    }
    return new Measured.Value<>(
        new IdentificationResult(
            enrolled,
            failedEnrolments,
            mated.size(),
            matedUnusable,
            matedWithoutEnrolment,
            nonMated,
            nonMatedUnusable,
            rank1Hits,
            (double) rank1Hits / mated.size(),
            fnirs));
  }
}
