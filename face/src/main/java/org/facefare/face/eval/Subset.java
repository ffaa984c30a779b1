package org.facefare.face.eval;

/**
 * The results for the samples that carry one value of a breakdown tag.
 *
 * <p>Verification uses the pairs with both images in the subset; identification keeps the gallery
 * of the whole run and searches only the subset's probes (see {@link Evaluation}).
 *
 * @param value the tag value shared by the subset's samples
 * @param images samples with this value
 * @param unusable of which unusable
 */
public record Subset(
    String value,
    long images,
    long unusable,
    Measured<VerificationResult> verification,
    Measured<IdentificationResult> identification) {}
