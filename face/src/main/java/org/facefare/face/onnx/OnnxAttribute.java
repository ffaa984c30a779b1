package org.facefare.face.onnx;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.facefare.face.onnx.proto.Onnx.AttributeProto;
import org.facefare.face.onnx.proto.Onnx.AttributeProto.AttributeType;

/** One named attribute of an ONNX node, built through the static factories. */
public record OnnxAttribute(AttributeProto proto) {

  /** An integer attribute. */
  public static OnnxAttribute of(String name, long value) {
    return new OnnxAttribute(
        AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
  }

  /** A float attribute. */
  public static OnnxAttribute of(String name, float value) {
    return new OnnxAttribute(
        AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build());
  }

  /** A string attribute. */
  public static OnnxAttribute of(String name, String value) {
    return new OnnxAttribute(
        AttributeProto.newBuilder()
            .setName(name)
            .setType(AttributeType.STRING)
            .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8))
            .build());
  }

  /** A list-of-integers attribute. */
  public static OnnxAttribute ints(String name, long... values) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (long v : values) {
      b.addInts(v);
    }
    return new OnnxAttribute(b.build());
  }

  /** A list-of-floats attribute. */
  public static OnnxAttribute floats(String name, float... values) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
    for (float v : values) {
      b.addFloats(v);
    }
    return new OnnxAttribute(b.build());
  }
}
