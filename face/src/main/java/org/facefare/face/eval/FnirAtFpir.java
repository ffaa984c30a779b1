package org.facefare.face.eval;

/**
 * The false negative identification rate at an operating point chosen on the top scores of
 * non-mated probes for a target false positive identification rate.
 *
 * @param point the threshold and how well the non-mated probes resolve the target
 * @param misses mated probes whose mate is not returned at rank 1 with a score at the threshold
 * @param fnir {@code misses} over all mated probes
 */
public record FnirAtFpir(OperatingPoint point, long misses, double fnir) {}
