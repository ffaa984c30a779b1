package org.facefare.fares.network;

import java.util.Objects;

/**
 * A station (or bus stop) on one line; stations of different lines that riders change between are
 * joined by an {@link Interchange}.
 *
 * @param id unique among stations
 * @param name shown to people
 * @param line the id of its line
 * @param seq its position along the line, unique on the line (order, not distance)
 * @param x kilometres east of the network's centre
 * @param y kilometres north of the network's centre
 */
public record Station(String id, String name, String line, int seq, double x, double y) {

  /** Checks the fields. */
  public Station {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(line, "line");
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("station " + id + ": position is not finite");
    }
  }
}
