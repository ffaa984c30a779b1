package org.facefare.fares.network;

import java.util.Objects;

/**
 * A company that runs lines.
 *
 * @param id unique among operators
 * @param name shown to people
 */
public record Operator(String id, String name) {

  /** Checks the fields. */
  public Operator {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }
}
