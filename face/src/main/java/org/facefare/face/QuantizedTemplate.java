package org.facefare.face;

/**
 * A template quantised to signed bytes with one scale factor, a quarter of the float size.
 *
 * @param modelId the model that made the template
 * @param scale the value of one quantisation step
 * @param values the quantised components in [-127, 127]
 */
public record QuantizedTemplate(String modelId, float scale, byte[] values) {

  /** Checks the scale. */
  public QuantizedTemplate {
    if (!(scale > 0) || !Float.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be positive and finite");
    }
    values = values.clone();
  }

  /** A copy of the quantised components. */
  @Override
  public byte[] values() {
    return values.clone();
  }

  /** The approximate float vector. */
  public float[] dequantize() {
    float[] v = new float[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i] * scale;
    }
    return v;
  }
}
