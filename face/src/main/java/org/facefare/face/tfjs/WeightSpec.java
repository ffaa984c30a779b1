package org.facefare.face.tfjs;

import java.util.Optional;

/** One entry of a {@code weightsManifest}: a named tensor stored in the weight shards. */
record WeightSpec(String name, int[] shape, String dtype, Optional<Quantization> quantization) {

  /** How a weight was compressed by the TensorFlow.js converter. */
  sealed interface Quantization permits Affine, Half {

    /** Bytes per stored value. */
    int bytes();
  }

  /** An unsigned 8- or 16-bit integer {@code q} standing for {@code q * scale + min}. */
  record Affine(int bytes, double scale, double min) implements Quantization {
    Affine {
      if (bytes != 1 && bytes != 2) {
        throw new IllegalArgumentException("affine quantisation uses 1 or 2 bytes, not " + bytes);
      }
    }
  }

  /** An IEEE 754 half-precision value standing for the same float32 value. */
  record Half() implements Quantization {
    @Override
    public int bytes() {
      return 2;
    }
  }

  /** Bytes this weight occupies in the concatenated shards. */
  long byteLength() {
    return (long) Shapes.size(shape) * quantization.map(Quantization::bytes).orElse(4);
  }
}
