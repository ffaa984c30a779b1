package org.facefare.sim;

import java.util.Objects;

/**
 * A gate as the simulator sees it: its id, its station, and how busy its station is relative to the
 * others.
 *
 * @param gateId the gate's id
 * @param stationId the station's id
 * @param weight the station's relative demand (positive); spread evenly over its gates
 */
public record GateSite(String gateId, String stationId, double weight) {

  /** Checks the fields. */
  public GateSite {
    Objects.requireNonNull(gateId, "gateId");
    Objects.requireNonNull(stationId, "stationId");
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("station weight must be positive and finite: " + weight);
    }
  }
}
