package org.facefare.face.quality;

import java.util.Objects;

/** One failed quality check: the reason, the value measured and the limit it broke. */
public record QualityFailure(QualityReason reason, double measured, double limit) {

  /** Checks that the reason is given. */
  public QualityFailure {
    Objects.requireNonNull(reason, "reason");
  }
}
