package org.facefare.fares.network;

import java.util.Objects;

/**
 * A way into a station (a vestibule, an exit to a street, a bus's front door) with its gates.
 *
 * @param id unique among entrances
 * @param name shown to people
 * @param station the id of its station
 */
public record Entrance(String id, String name, String station) {

  /** Checks the fields. */
  public Entrance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(station, "station");
  }
}
