package org.facefare.server.enrolment;

import java.util.List;
import java.util.Objects;

/** The answer to an enrolment from selfie frames: enrolled, or refused with what to change. */
public sealed interface EnrolmentOutcome {

  /**
   * The rider's face pay is set up (or, on re-enrolment, their template was replaced).
   *
   * @param replaced whether an earlier template was replaced
   * @param frames how many frames were fused into the template
   */
  record Enrolled(boolean replaced, int frames) implements EnrolmentOutcome {}

  /**
   * At least one frame is unusable; nothing was saved.
   *
   * @param frames the advice for each frame, in the order given ({@link Advice#READY} for the
   *     usable ones)
   */
  record Refused(List<Advice> frames) implements EnrolmentOutcome {

    /** Copies the list. */
    public Refused {
      frames = List.copyOf(frames);
    }

    /** The advice of the first unusable frame. */
    public Advice first() {
      return frames.stream().filter(a -> a != Advice.READY).findFirst().orElseThrow();
    }
  }

  /**
   * The usable frames do not look like one person; nothing was saved.
   *
   * @param lowestSimilarity the lowest cosine similarity of a frame to the others' mean
   */
  record NotOnePerson(double lowestSimilarity) implements EnrolmentOutcome {}

  /**
   * This pseudonym's face was erased for good and cannot be enrolled again; nothing was saved.
   *
   * @param detail what the vault said
   */
  record Erased(String detail) implements EnrolmentOutcome {

    /** Checks the detail. */
    public Erased {
      Objects.requireNonNull(detail, "detail");
    }
  }
}
