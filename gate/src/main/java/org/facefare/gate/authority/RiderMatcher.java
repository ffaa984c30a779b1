package org.facefare.gate.authority;

import java.util.Objects;
import org.facefare.face.Template;

/** The gallery as the fare authority sees it: which enrolled rider a probe is, if any. */
public interface RiderMatcher {

  /**
   * Decides one probe.
   *
   * @throws IllegalArgumentException if the probe's model is not the gallery's, or the template is
   *     unusable
   */
  Identification identify(Template probe);

  /** The open-set answer for one probe. */
  sealed interface Identification {

    /**
     * One rider, clearly.
     *
     * @param rider the rider's pseudonym
     * @param score the exact cosine score
     */
    record Match(String rider, double score) implements Identification {

      /** Checks the rider. */
      public Match {
        Objects.requireNonNull(rider, "rider");
      }
    }

    /** No enrolled rider is close enough. */
    record NoMatch() implements Identification {}

    /** Two riders are too close to tell apart. */
    record Ambiguous() implements Identification {}
  }
}
