package org.facefare.privacy.retention;

import java.time.Instant;

/**
 * An anonymous aggregate: how many identifications with one decision a station had in one hour.
 *
 * @param station the station
 * @param hour the start of the hour (UTC)
 * @param decision the fare decision
 * @param count how many
 */
public record HourlyCount(String station, Instant hour, String decision, long count) {}
