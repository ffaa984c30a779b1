package org.facefare.gallery;

/** How a gallery stores templates: float32, or signed bytes (a quarter of the memory). */
public enum Precision {
  /** Four bytes a component. */
  FLOAT32,
  /** One byte a component with one scale a template ({@code Template#quantize}). */
  INT8
}
