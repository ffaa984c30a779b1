package org.facefare.gallery;

import java.util.Objects;
import java.util.Optional;

/**
 * The gallery's open-set answer to one probe: the rider it is, that it is nobody enrolled, or that
 * two riders are too close to tell apart; each carries the best and second-best candidates (the
 * second is always a different rider) with their exact scores.
 */
public sealed interface Decision {

  /** The best candidate, if the gallery holds anyone. */
  Optional<Candidate> best();

  /** The best candidate of a rider other than the best one's, if there is one. */
  Optional<Candidate> second();

  /**
   * The probe is this rider: the best score reached the threshold and led the second rider's by at
   * least the margin.
   *
   * @param rider the matched rider
   * @param score the exact cosine of the match
   * @param runnerUp the second-best rider's candidate, if the gallery holds another rider
   */
  record Match(RiderKey rider, double score, Optional<Candidate> runnerUp) implements Decision {
    /** Checks the fields. */
    public Match {
      Objects.requireNonNull(rider, "rider");
      Objects.requireNonNull(runnerUp, "runnerUp");
    }

    @Override
    public Optional<Candidate> best() {
      return Optional.of(new Candidate(rider, score));
    }

    @Override
    public Optional<Candidate> second() {
      return runnerUp;
    }
  }

  /**
   * The probe is nobody enrolled: the gallery is empty or the best score is below the threshold.
   *
   * @param best the best candidate, if any
   * @param second the second-best rider's candidate, if any
   */
  record NoMatch(Optional<Candidate> best, Optional<Candidate> second) implements Decision {
    /** Checks the fields. */
    public NoMatch {
      Objects.requireNonNull(best, "best");
      Objects.requireNonNull(second, "second");
    }
  }

  /**
   * The best score reached the threshold but a second rider is within the margin: the gate must not
   * charge either.
   *
   * @param top the best candidate
   * @param close the second rider's candidate, within the margin of the best
   */
  record Ambiguous(Candidate top, Candidate close) implements Decision {
    /** Checks the fields. */
    public Ambiguous {
      Objects.requireNonNull(top, "top");
      Objects.requireNonNull(close, "close");
    }

    @Override
    public Optional<Candidate> best() {
      return Optional.of(top);
    }

    @Override
    public Optional<Candidate> second() {
      return Optional.of(close);
    }
  }
}
