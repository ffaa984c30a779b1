package org.facefare.face.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one evaluation run is called, how it compares embeddings, the seed of its enrolment choice,
 * its target rates, the tags it breaks results down by and free-form provenance for the report.
 *
 * <p>Build with {@link #builder(String, String)}; the defaults are cosine similarity, seed 0, FAR
 * targets 1e-2, 1e-3, 1e-4, FMR threshold targets 1e-4, 1e-5, 1e-6, FPIR targets 1e-2, 1e-3 and no
 * breakdown.
 */
public record EvalSettings(
    String dataset,
    String model,
    Similarity similarity,
    long seed,
    List<Double> farTargets,
    List<Double> fmrThresholdTargets,
    List<Double> fpirTargets,
    List<String> breakdownTags,
    Map<String, String> provenance) {

  /** Checks and copies the fields. */
  public EvalSettings {
    requireText(dataset, "dataset");
    requireText(model, "model");
    Objects.requireNonNull(similarity, "similarity");
    farTargets = rates(farTargets, "FAR targets");
    fmrThresholdTargets = rates(fmrThresholdTargets, "FMR threshold targets");
    fpirTargets = rates(fpirTargets, "FPIR targets");
    breakdownTags = List.copyOf(breakdownTags);
    breakdownTags.forEach(t -> requireText(t, "breakdown tag"));
    if (breakdownTags.stream().distinct().count() != breakdownTags.size()) {
      throw new IllegalArgumentException("breakdown tags repeat: " + breakdownTags);
    }
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** A builder with the defaults for a dataset and a model name. */
  public static Builder builder(String dataset, String model) {
    return new Builder(dataset, model);
  }

  private static List<Double> rates(List<Double> rates, String what) {
    List<Double> copy = List.copyOf(rates);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (double r : copy) {
      if (!(r > 0 && r <= 1)) {
        throw new IllegalArgumentException(what + " must be in (0, 1], got " + r);
      }
    }
    if (copy.stream().distinct().count() != copy.size()) {
      throw new IllegalArgumentException(what + " repeat: " + copy);
    }
    return copy;
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  /** Builds {@link EvalSettings}. */
  public static final class Builder {
    private final String dataset;
    private final String model;
    private Similarity similarity = Similarity.cosine();
    private long seed;
    private List<Double> farTargets = List.of(1e-2, 1e-3, 1e-4);
    private List<Double> fmrThresholdTargets = List.of(1e-4, 1e-5, 1e-6);
    private List<Double> fpirTargets = List.of(1e-2, 1e-3);
    private final List<String> breakdownTags = new ArrayList<>();
    private final Map<String, String> provenance = new LinkedHashMap<>();

    private Builder(String dataset, String model) {
      this.dataset = dataset;
      this.model = model;
    }

    /** How embeddings are compared (default cosine). */
    public Builder similarity(Similarity similarity) {
      this.similarity = similarity;
      return this;
    }

    /** The seed of the shuffle that chooses the enrolled identities (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The false accept rates to report the true accept rate at. */
    public Builder farTargets(List<Double> targets) {
      this.farTargets = targets;
      return this;
    }

    /** The false match rates to report a score threshold for. */
    public Builder fmrThresholdTargets(List<Double> targets) {
      this.fmrThresholdTargets = targets;
      return this;
    }

    /** The false positive identification rates to report the FNIR at. */
    public Builder fpirTargets(List<Double> targets) {
      this.fpirTargets = targets;
      return this;
    }

    /** Adds a sample tag whose values split the results into subsets. */
    public Builder breakdownBy(String tag) {
      breakdownTags.add(tag);
      return this;
    }

    /** Adds a provenance entry (tool version, revision, machine ...) for the report. */
    public Builder provenance(String key, String value) {
      provenance.put(key, value);
      return this;
    }

    /** The settings. */
    public EvalSettings build() {
      return new EvalSettings(
          dataset,
          model,
          similarity,
          seed,
          farTargets,
          fmrThresholdTargets,
          fpirTargets,
          breakdownTags,
          provenance);
    }
  }
}
