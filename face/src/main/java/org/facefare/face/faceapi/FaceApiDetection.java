package org.facefare.face.faceapi;

/**
 * One face found by the SSD detector: its score and box, relative to the original image (0 to 1 on
 * each axis), as face-api.js's {@code FaceDetection.relativeBox}.
 *
 * @param score the face score, in (minConfidence, 1]
 * @param x the box's left edge
 * @param y the box's top edge
 * @param width the box's width, never negative
 * @param height the box's height, never negative
 */
public record FaceApiDetection(double score, double x, double y, double width, double height) {}
