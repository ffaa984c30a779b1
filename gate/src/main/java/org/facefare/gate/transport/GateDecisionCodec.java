package org.facefare.gate.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequestCodec;
import org.facefare.gate.protocol.Receipt;

/** Writes and reads the JSON body of the fare authority's answer to a gate. */
public final class GateDecisionCodec {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private GateDecisionCodec() {}

  /** The JSON body of {@code decision}. */
  public static byte[] write(GateDecision decision) {
    ObjectNode o = JSON.createObjectNode();
    o.put("protocol", GateRequestCodec.PROTOCOL);
    switch (decision) {
      case GateDecision.Open open -> {
        Receipt r = open.receipt();
        o.put("decision", "OPEN");
        ObjectNode receipt = o.putObject("receipt");
        receipt.put("request", r.requestId().toString());
        receipt.put("gate", r.gateId());
        receipt.put("at", r.at().toString());
        receipt.put("fare_minor", r.fareMinor());
        receipt.put("currency", r.currency());
        var lines = receipt.putArray("explanation");
        r.explanation().forEach(lines::add);
        receipt.put("log_index", r.logIndex());
      }
      case GateDecision.Deny deny -> {
        o.put("decision", "DENY");
        o.put("reason", deny.reason().name());
        o.put("display", deny.reason().displayText());
      }
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a gate decision", e);
    }
  }

  /**
   * Reads an answer.
   *
   * @throws IllegalArgumentException if the body is not an answer of the protocol
   */
  public static GateDecision read(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("answer is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("answer must be a JSON object");
    }
    if (!GateRequestCodec.PROTOCOL.equals(root.path("protocol").asText())) {
      throw new IllegalArgumentException("answer is not of protocol " + GateRequestCodec.PROTOCOL);
    }
    try {
      return switch (root.path("decision").asText()) {
        case "DENY" -> new GateDecision.Deny(DenyReason.valueOf(root.path("reason").asText()));
        case "OPEN" -> {
          JsonNode r = root.path("receipt");
          List<String> explanation = new ArrayList<>();
          r.path("explanation").forEach(line -> explanation.add(line.asText()));
          yield new GateDecision.Open(
              new Receipt(
                  UUID.fromString(r.path("request").asText()),
                  r.path("gate").asText(),
                  Instant.parse(r.path("at").asText()),
                  r.path("fare_minor").asLong(-1),
                  r.path("currency").asText(),
                  explanation,
                  r.path("log_index").asLong(-1)));
        }
        default ->
            throw new IllegalArgumentException(
                "unknown decision '" + root.path("decision").asText() + "'");
      };
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("answer is malformed: " + e.getMessage(), e);
    }
  }
}
