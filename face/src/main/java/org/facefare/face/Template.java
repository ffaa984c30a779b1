package org.facefare.face;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A face template: the L2-normalised embedding of one face by one model, tagged with the model id
 * so that templates of different models are never compared.
 *
 * <p>The serialised form is versioned: magic {@code FFT}, format byte, model id (UTF-8, length
 * prefixed), dimension and the float32 values, little-endian. Only templates leave a gate; never an
 * image.
 */
public final class Template {

  /** The serialisation format written by {@link #toBytes}. */
  public static final int FORMAT = 1;

  private static final byte[] MAGIC = {'F', 'F', 'T'};

  private final String modelId;
  private final float[] vector;

  private Template(String modelId, float[] vector) {
    this.modelId = modelId;
    this.vector = vector;
  }

  /**
   * Makes a template from a raw embedding, normalising it to unit length.
   *
   * @throws IllegalArgumentException if the embedding is empty, has a non-finite value or is zero
   */
  public static Template of(String modelId, float[] embedding) {
    Objects.requireNonNull(modelId, "modelId");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("model id is blank");
    }
    if (embedding.length == 0) {
      throw new IllegalArgumentException("embedding is empty");
    }
    double sum = 0;
    for (int i = 0; i < embedding.length; i++) {
      float v = embedding[i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("embedding value " + i + " is " + v);
      }
      sum += (double) v * v;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("embedding is the zero vector");
    }
    float inv = (float) (1 / Math.sqrt(sum));
    float[] unit = new float[embedding.length];
    for (int i = 0; i < unit.length; i++) {
      unit[i] = embedding[i] * inv;
    }
    return new Template(modelId, unit);
  }

  /** The id of the model that made the template. */
  public String modelId() {
    return modelId;
  }

  /** The dimension. */
  public int dimension() {
    return vector.length;
  }

  /** A copy of the unit vector. */
  public float[] vector() {
    return vector.clone();
  }

  /**
   * The cosine similarity with another template of the same model.
   *
   * @throws IllegalArgumentException if the models or dimensions differ
   */
  public double cosine(Template other) {
    if (!modelId.equals(other.modelId) || vector.length != other.vector.length) {
      throw new IllegalArgumentException(
          "cannot compare a " + modelId + " template with a " + other.modelId + " template");
    }
    double dot = 0;
    for (int i = 0; i < vector.length; i++) {
      dot += vector[i] * other.vector[i];
    }
    return dot;
  }

  /**
   * Quantises to signed bytes with one scale: {@code v ≈ q * scale}, {@code scale = max|v| / 127}.
   */
  public QuantizedTemplate quantize() {
    float max = 0;
    for (float v : vector) {
      max = Math.max(max, Math.abs(v));
    }
    float scale = max / 127f;
    byte[] q = new byte[vector.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = (byte) Math.max(-127, Math.min(127, Math.round(vector[i] / scale)));
    }
    return new QuantizedTemplate(modelId, scale, q);
  }

  /** Serialises the template (see the class comment for the format). */
  public byte[] toBytes() {
    byte[] id = modelId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(MAGIC.length + 1 + 2 + id.length + 4 + 4 * vector.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) FORMAT).putShort((short) id.length).put(id).putInt(vector.length);
    for (float v : vector) {
      b.putFloat(v);
    }
    return b.array();
  }

  /**
   * Reads a serialised template.
   *
   * @throws IllegalArgumentException if the bytes are not a template of a known format
   */
  public static Template fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a FaceFare template");
      }
      int format = b.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown template format " + format);
      }
      byte[] id = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(id);
      int n = b.getInt();
      if (n <= 0 || n > 65536 || b.remaining() != 4 * n) {
        throw new IllegalArgumentException("template length does not match its dimension " + n);
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = b.getFloat();
      }
      Template t = of(new String(id, StandardCharsets.UTF_8), v);
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      if (Math.abs(norm - 1) > 1e-3) {
        throw new IllegalArgumentException(
            "stored template is not unit length (|v|² = " + norm + ")");
      }
      return new Template(t.modelId, v);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated template", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Template t && modelId.equals(t.modelId) && Arrays.equals(vector, t.vector);
  }

  @Override
  public int hashCode() {
    return 31 * modelId.hashCode() + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Template[" + modelId + ", " + vector.length + "-d]";
  }
}
