package org.facefare.face.tfjs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the concatenated weight shards into tensors, exactly as TensorFlow.js's {@code
 * decodeWeight} does: affine-quantised values are {@code q * scale + min} evaluated in double
 * precision (JavaScript numbers) and rounded once to float32 (or {@code Math.round} for int32);
 * float16 values widen exactly to float32.
 */
final class WeightDecoder {

  private WeightDecoder() {}

  /**
   * Decodes every weight in manifest order.
   *
   * @param data all shards concatenated in manifest order
   * @param listener told after each weight
   */
  static Map<String, Tensor> decode(
      List<WeightSpec> specs, ByteBuffer data, ImportListener listener) {
    ByteBuffer in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long needed = specs.stream().mapToLong(WeightSpec::byteLength).sum();
    if (needed != in.remaining()) {
      throw new TfjsImportException(
          "the weights manifest describes "
              + needed
              + " bytes but the shards hold "
              + in.remaining());
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    int done = 0;
    for (WeightSpec spec : specs) {
      if (out.put(spec.name(), decode(spec, in)) != null) {
        throw new TfjsImportException("weight '" + spec.name() + "' appears twice in the manifest");
      }
      listener.step(ImportListener.Phase.WEIGHTS, ++done, specs.size());
    }
    return out;
  }

  /** Decodes one weight from the buffer's position, advancing it. */
  static Tensor decode(WeightSpec spec, ByteBuffer in) {
    int n = Shapes.size(spec.shape());
    String dtype = spec.dtype();
    if (!dtype.equals("float32") && !dtype.equals("int32")) {
      throw new TfjsImportException(
          "weight '"
              + spec.name()
              + "' has dtype "
              + dtype
              + "; only float32 and int32 are supported");
    }
    boolean floats = dtype.equals("float32");
    if (spec.quantization().isEmpty()) {
      if (floats) {
        float[] v = new float[n];
        in.asFloatBuffer().get(v);
        in.position(in.position() + 4 * n);
        return new Tensor.Floats(spec.shape(), v);
      }
      int[] v = new int[n];
      in.asIntBuffer().get(v);
      in.position(in.position() + 4 * n);
      return new Tensor.Ints(spec.shape(), v);
    }
    return switch (spec.quantization().get()) {
      case WeightSpec.Affine a -> affine(spec, a, n, floats, in);
      case WeightSpec.Half h -> {
        if (!floats) {
          throw new TfjsImportException(
              "weight '"
                  + spec.name()
                  + "' is int32 quantised as float16, which TensorFlow.js rejects");
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = Float.float16ToFloat(in.getShort());
        }
        yield new Tensor.Floats(spec.shape(), v);
      }
    };
  }

  private static Tensor affine(
      WeightSpec spec, WeightSpec.Affine a, int n, boolean floats, ByteBuffer in) {
    if (floats) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (quantised(a, in) * a.scale() + a.min());
      }
      return new Tensor.Floats(spec.shape(), v);
    }
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = (int) Math.round(quantised(a, in) * a.scale() + a.min());
    }
    return new Tensor.Ints(spec.shape(), v);
  }

  private static int quantised(WeightSpec.Affine a, ByteBuffer in) {
    return a.bytes() == 1 ? Byte.toUnsignedInt(in.get()) : Short.toUnsignedInt(in.getShort());
  }
}
