package org.facefare.face.quality;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a quality assessment: what was measured and every check that failed, in {@link
 * QualityReason} order.
 */
public record QualityReport(QualityMeasures measures, List<QualityFailure> failures) {

  /** Copies the failure list. */
  public QualityReport {
    Objects.requireNonNull(measures, "measures");
    failures = List.copyOf(failures);
  }

  /** Whether every check passed. */
  public boolean passed() {
    return failures.isEmpty();
  }

  /** The failure to tell the rider about first, if any. */
  public Optional<QualityFailure> firstFailure() {
    return failures.stream().findFirst();
  }
}
