/**
 * Face quality gating: size, pose, exposure and sharpness of a detected face checked against
 * configured limits, with the first failing reason for the rider; start at {@link
 * org.facefare.face.quality.QualityAssessor}.
 *
 * <pre>{@code
 * QualityReport r = new QualityAssessor().assess(new QualityInput(face.crop(), landmarks, boxW, boxH));
 * r.firstFailure().ifPresent(f -> tellRider(f.reason()));
 * }</pre>
 */
package org.facefare.face.quality;
