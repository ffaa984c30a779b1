package org.facefare.gate.authority;

/**
 * The fare authority's own bar for the gate's self-reported presentation-attack score, applied on
 * top of the gate's (a request with any failed quality check is always denied).
 *
 * @param minLiveness the lowest combined liveness score in [0, 1] accepted
 */
public record AuthorityPolicy(double minLiveness) {

  /** Checks the bound. */
  public AuthorityPolicy {
    if (!(minLiveness >= 0 && minLiveness <= 1)) {
      throw new IllegalArgumentException("minimum liveness must be in [0, 1], not " + minLiveness);
    }
  }
}
