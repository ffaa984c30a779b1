package org.facefare.face.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One node of a GraphDef as TensorFlow.js stores it: name, op, data inputs (control inputs are kept
 * apart; they order execution but carry no data) and the attributes as protobuf JSON.
 */
record TfNode(
    String name, String op, List<TensorRef> inputs, List<String> controlInputs, JsonNode attrs) {

  TfNode {
    inputs = List.copyOf(inputs);
    controlInputs = List.copyOf(controlInputs);
  }

  /**
   * Fails on any attribute outside {@code known}; attributes whose name starts with an underscore
   * are TensorFlow's own annotations (e.g. {@code _cloned}) and never change what a node computes.
   */
  void allowAttributes(Set<String> known) {
    for (Iterator<String> it = attrs.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.startsWith("_") && !known.contains(key)) {
        throw TfjsImportException.at(this, "unsupported attribute '" + key + "'");
      }
    }
  }

  /** Fails unless the element-type attribute {@code key}, when present, is {@code DT_FLOAT}. */
  void requireFloat(String key) {
    String type = type(key, "DT_FLOAT");
    if (!type.equals("DT_FLOAT")) {
      throw TfjsImportException.at(this, "attribute " + key + " is " + type + ", only DT_FLOAT");
    }
  }

  boolean has(String key) {
    return attrs.has(key);
  }

  String string(String key, String absent) {
    JsonNode a = attrs.get(key);
    if (a == null) {
      return absent;
    }
    return decode(field(a, key, "s"));
  }

  long integer(String key, long absent) {
    JsonNode a = attrs.get(key);
    return a == null ? absent : parseLong(field(a, key, "i"), key);
  }

  float real(String key, float absent) {
    JsonNode a = attrs.get(key);
    if (a == null) {
      return absent;
    }
    JsonNode f = field(a, key, "f");
    return f.isNumber() ? f.floatValue() : Float.parseFloat(f.asText());
  }

  boolean bool(String key, boolean absent) {
    JsonNode a = attrs.get(key);
    return a == null ? absent : field(a, key, "b").asBoolean();
  }

  String type(String key, String absent) {
    JsonNode a = attrs.get(key);
    return a == null ? absent : field(a, key, "type").asText();
  }

  /** A list-of-integers attribute, which must be present. */
  long[] ints(String key) {
    if (!attrs.has(key)) {
      throw TfjsImportException.at(this, "missing attribute '" + key + "'");
    }
    return ints(key, new long[0]);
  }

  /** A list-of-integers attribute; {@code absent} when missing. */
  long[] ints(String key, long[] absent) {
    JsonNode a = attrs.get(key);
    if (a == null) {
      return absent;
    }
    JsonNode list = field(a, key, "list").path("i");
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = parseLong(list.get(i), key);
    }
    return out;
  }

  /** A list-of-strings attribute; empty when missing. */
  List<String> strings(String key) {
    JsonNode a = attrs.get(key);
    List<String> out = new ArrayList<>();
    if (a != null) {
      for (JsonNode s : field(a, key, "list").path("s")) {
        out.add(decode(s));
      }
    }
    return out;
  }

  /** A shape attribute with every dimension known or {@code -1}. */
  int[] shape(String key) {
    JsonNode a = attrs.get(key);
    if (a == null) {
      throw TfjsImportException.at(this, "missing attribute '" + key + "'");
    }
    JsonNode shape = field(a, key, "shape");
    if (shape.path("unknownRank").asBoolean(false)) {
      throw TfjsImportException.at(this, "attribute " + key + " has unknown rank");
    }
    JsonNode dims = shape.path("dim");
    int[] out = new int[dims.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.toIntExact(parseLong(dims.get(i).path("size"), key));
    }
    return out;
  }

  private JsonNode field(JsonNode attr, String key, String kind) {
    JsonNode v = attr.get(kind);
    if (v == null) {
      throw TfjsImportException.at(this, "attribute '" + key + "' is not of kind '" + kind + "'");
    }
    return v;
  }

  private long parseLong(JsonNode v, String key) {
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    try {
      return Long.parseLong(v.asText());
    } catch (NumberFormatException e) {
      throw TfjsImportException.at(this, "attribute '" + key + "' holds '" + v + "'");
    }
  }

  private String decode(JsonNode base64) {
    try {
      return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw TfjsImportException.at(this, "string attribute is not base64: " + base64);
    }
  }
}
