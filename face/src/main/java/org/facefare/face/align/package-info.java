/**
 * Face alignment: least-squares similarity transforms from landmark correspondences, the ArcFace
 * template and bilinear warping into a canonical crop; start at {@link
 * org.facefare.face.align.FaceAligner}.
 *
 * <pre>{@code
 * Landmarks l = Landmarks.fivePoint(leftEye, rightEye, nose, mouthLeft, mouthRight);
 * AlignedFace face = FaceAligner.arcFace112().align(frame, l);   // face.crop() is 112 x 112
 * }</pre>
 */
package org.facefare.face.align;
