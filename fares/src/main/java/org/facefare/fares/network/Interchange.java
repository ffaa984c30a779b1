package org.facefare.fares.network;

import java.util.List;
import java.util.Objects;

/**
 * Stations of different lines that riders change between on foot, e.g. a ring-line station and the
 * radial-line station beneath it.
 *
 * @param id unique among interchanges
 * @param stations the ids of its stations, at least two, each on a different line
 */
public record Interchange(String id, List<String> stations) {

  /** Checks the fields. */
  public Interchange {
    Objects.requireNonNull(id, "id");
    stations = List.copyOf(stations);
  }
}
