package org.facefare.face.detect;

/**
 * A point in image pixel coordinates (x to the right, y down).
 *
 * @param x horizontal coordinate
 * @param y vertical coordinate
 */
public record Point(double x, double y) {}
