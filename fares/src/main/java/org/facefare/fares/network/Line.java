package org.facefare.fares.network;

import java.util.Objects;

/**
 * A metro line, ring railway or bus route, run by one operator.
 *
 * @param id unique among lines
 * @param name shown to people
 * @param operator the id of the operator that runs it
 * @param mode what kind of transport it is, which is what fares depend on
 * @param ring whether its last station connects back to its first
 */
public record Line(String id, String name, String operator, Mode mode, boolean ring) {

  /** Checks the fields. */
  public Line {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(mode, "mode");
  }
}
