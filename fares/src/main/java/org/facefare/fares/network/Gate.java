package org.facefare.fares.network;

import java.util.Objects;

/**
 * A turnstile (or on-board validator) with a camera, where an entry is priced.
 *
 * @param id unique among gates; the id gate requests and trips carry
 * @param entrance the id of its entrance
 */
public record Gate(String id, String entrance) {

  /** Checks the fields. */
  public Gate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(entrance, "entrance");
  }
}
