package org.facefare.face.eval;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accuracy of one model on one dataset: image counts, verification and open-set identification
 * results, and their breakdowns by tag.
 *
 * @param settings how the run was made
 * @param images all samples, usable or not
 * @param identities distinct identities
 * @param unusableReasons unusable samples per reason, in reason order
 */
public record EvalResult(
    EvalSettings settings,
    long images,
    long identities,
    Map<String, Long> unusableReasons,
    VerificationResult verification,
    IdentificationResult identification,
    List<Breakdown> breakdowns) {

  /** Copies the collections. */
  public EvalResult {
    unusableReasons = Collections.unmodifiableMap(new TreeMap<>(unusableReasons));
    breakdowns = List.copyOf(breakdowns);
  }

  /** Samples the pipeline could not use. */
  public long unusable() {
    return unusableReasons.values().stream().mapToLong(Long::longValue).sum();
  }
}
