package org.facefare.face.eval;

import java.util.List;

/**
 * Open-set (1:N) identification accuracy: who was enrolled, how many probes of each kind were
 * searched, the rank-1 identification rate and the FNIR at target FPIRs.
 *
 * @param enrolled identities chosen for enrolment, in shuffled order
 * @param failedEnrolments chosen identities whose enrolment image was unusable (not in the gallery)
 * @param matedProbes probes of enrolled identities (their other images)
 * @param matedUnusable mated probes that are unusable (each a miss)
 * @param matedWithoutEnrolment mated probes of an identity that failed to enrol (each a miss)
 * @param nonMatedProbes probes of identities not chosen for enrolment (all their images)
 * @param nonMatedUnusable non-mated probes that are unusable (each a correct rejection)
 * @param rank1Hits mated probes whose mate scores strictly above every other gallery entry
 * @param rank1 {@code rank1Hits} over all mated probes
 * @param fnirAtFpir one entry per target FPIR
 */
public record IdentificationResult(
    List<String> enrolled,
    List<String> failedEnrolments,
    long matedProbes,
    long matedUnusable,
    long matedWithoutEnrolment,
    long nonMatedProbes,
    long nonMatedUnusable,
    long rank1Hits,
    double rank1,
    List<FnirAtFpir> fnirAtFpir) {

  /** Copies the lists. */
  public IdentificationResult {
    enrolled = List.copyOf(enrolled);
    failedEnrolments = List.copyOf(failedEnrolments);
    fnirAtFpir = List.copyOf(fnirAtFpir);
  }

  /** Entries in the gallery: enrolled identities whose enrolment image was usable. */
  public int gallerySize() {
    return enrolled.size() - failedEnrolments.size();
  }
}
