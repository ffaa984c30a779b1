package org.facefare.gate.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.facefare.face.Template;
import org.facefare.face.quality.QualityReason;

/**
 * Writes and reads the JSON body of a gate request, refusing anything that is not exactly a request
 * of protocol version 1.
 *
 * <p>The signature covers the body's bytes as sent, so the body needs no canonical form: the
 * authority verifies the bytes first and parses them after (the approach of HTTP Message
 * Signatures, RFC 9421, with a content digest). Parsing is strict: unknown or missing fields,
 * duplicate keys, wrong types and bodies over {@link #MAX_BODY_BYTES} are refused with a message
 * naming the field.
 */
public final class GateRequestCodec {

  /** The protocol version this codec speaks. */
  public static final String PROTOCOL = "facefare-gate/1";

  /** The largest body accepted: a 512-d template with room to spare. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private static final Set<String> FIELDS =
      Set.of(
          "protocol",
          "gate",
          "request",
          "issued_at",
          "nonce",
          "model",
          "template",
          "liveness",
          "quality_failures");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(4)
                .maxStringLength(MAX_BODY_BYTES)
                .build());
  }

  private GateRequestCodec() {}

  /** The JSON body of {@code request}. */
  public static byte[] write(GateRequest request) {
    ObjectNode o = JSON.createObjectNode();
    o.put("protocol", PROTOCOL);
    o.put("gate", request.gateId());
    o.put("request", request.requestId().toString());
    o.put("issued_at", request.issuedAt().toString());
    o.put("nonce", request.nonce());
    o.put("model", request.template().modelId());
    o.put("template", Base64.getEncoder().encodeToString(request.template().toBytes()));
    o.put("liveness", request.liveness());
    var failures = o.putArray("quality_failures");
    request.qualityFailures().forEach(r -> failures.add(r.name()));
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a gate request", e);
    }
  }

  /**
   * Reads a body.
   *
   * @throws MalformedRequestException naming what is wrong
   */
  public static GateRequest read(byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      throw new MalformedRequestException(
          "body of " + body.length + " bytes exceeds the limit of " + MAX_BODY_BYTES);
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedRequestException("body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedRequestException("body cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedRequestException("body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new MalformedRequestException("unknown field '" + name + "'");
      }
    }
    String protocol = text(root, "protocol");
    if (!PROTOCOL.equals(protocol)) {
      throw new MalformedRequestException(
          "protocol '" + protocol + "' is not supported (this authority speaks " + PROTOCOL + ")");
    }
    UUID requestId;
    try {
      requestId = UUID.fromString(text(root, "request"));
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("field 'request' is not a UUID", e);
    }
    Instant issuedAt;
    try {
      issuedAt = Instant.parse(text(root, "issued_at"));
    } catch (DateTimeParseException e) {
      throw new MalformedRequestException("field 'issued_at' is not an ISO-8601 instant", e);
    }
    Template template;
    try {
      template = Template.fromBytes(Base64.getDecoder().decode(text(root, "template")));
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("field 'template': " + e.getMessage(), e);
    }
    String model = text(root, "model");
    if (!model.equals(template.modelId())) {
      throw new MalformedRequestException(
          "field 'model' is '"
              + model
              + "' but the template was made by '"
              + template.modelId()
              + "'");
    }
    JsonNode liveness = field(root, "liveness");
    if (!liveness.isNumber()) {
      throw new MalformedRequestException("field 'liveness' must be a number");
    }
    JsonNode failures = field(root, "quality_failures");
    if (!failures.isArray()) {
      throw new MalformedRequestException("field 'quality_failures' must be an array");
    }
    List<QualityReason> reasons = new ArrayList<>();
    for (JsonNode f : failures) {
      try {
        reasons.add(QualityReason.valueOf(f.asText()));
      } catch (IllegalArgumentException e) {
        throw new MalformedRequestException(
            "field 'quality_failures' holds an unknown reason '" + f.asText() + "'", e);
      }
    }
    try {
      return new GateRequest(
          text(root, "gate"),
          requestId,
          issuedAt,
          text(root, "nonce"),
          template,
          liveness.doubleValue(),
          reasons);
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException(e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode root, String name) {
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedRequestException("missing field '" + name + "'");
    }
    return value;
  }

  private static String text(JsonNode root, String name) {
    JsonNode value = field(root, name);
    if (!value.isTextual()) {
      throw new MalformedRequestException("field '" + name + "' must be a string");
    }
    return value.textValue();
  }
}
