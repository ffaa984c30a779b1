package org.facefare.face.image;

/** What {@link ImageDecoder} does with the alpha channel of a translucent image. */
public enum AlphaPolicy {
  /** Blend each pixel over opaque white, as a browser shows a transparent PNG on a white page. */
  COMPOSITE_ON_WHITE,
  /** Keep the colour samples and ignore alpha, so fully transparent pixels show their colour. */
  DROP
}
