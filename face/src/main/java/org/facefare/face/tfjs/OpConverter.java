package org.facefare.face.tfjs;

/** Converts one TensorFlow node, whose inputs are converted already, into its {@link Value}. */
@FunctionalInterface
interface OpConverter {

  Value convert(TfNode node, Conversion conversion);
}
