package org.facefare.face.eval;

/**
 * The true accept rate (1 − FNMR) at an operating point chosen on impostor scores for a target
 * false accept rate.
 *
 * @param point the threshold and how well the impostor pairs resolve the target
 * @param acceptedGenuine genuine pairs accepted at the threshold
 * @param tar {@code acceptedGenuine} over all genuine pairs, those without a score included
 */
public record TarAtFar(OperatingPoint point, long acceptedGenuine, double tar) {}
