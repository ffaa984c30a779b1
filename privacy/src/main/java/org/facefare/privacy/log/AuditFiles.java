package org.facefare.privacy.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The JSON files an auditor works from: a signed tree head, a consistency proof, and a set of
 * entries with inclusion proofs (a rider's history export). Hashes, signatures and records are
 * Base64; the layout is documented in {@code docs/privacy.md}.
 */
public final class AuditFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditFiles() {}

  /**
   * A consistency proof between two tree sizes.
   *
   * @param fromSize the older size
   * @param toSize the newer size
   * @param path the proof
   */
  public record Consistency(long fromSize, long toSize, List<byte[]> path) {

    /** Copies the path. */
    public Consistency {
      path = List.copyOf(path);
    }
  }

  /**
   * Entries with inclusion proofs against the tree head of {@code treeSize}.
   *
   * @param treeSize the size the proofs are for
   * @param claims the entries
   */
  public record Entries(long treeSize, List<Auditor.Claim> claims) {

    /** Copies the claims. */
    public Entries {
      claims = List.copyOf(claims);
    }
  }

  /** Writes a tree head. */
  public static void writeHead(TreeHead head, Path file) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), headJson(head));
  }

  /** A tree head as the JSON object a tree-head file holds (to embed in another document). */
  public static ObjectNode headJson(TreeHead head) {
    return headNode(head);
  }

  /**
   * Reads a tree head.
   *
   * @throws IOException if the file cannot be read or is not a tree head
   */
  public static TreeHead readHead(Path file) throws IOException {
    try {
      return headFrom(read(file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a tree head: " + e.getMessage(), e);
    }
  }

  /**
   * The tree head in a JSON object laid out as a tree-head file.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static TreeHead headFrom(JsonNode n) {
    try {
      return new TreeHead(
          number(n, "treeSize"),
          bytes(n, "rootHash"),
          Instant.parse(text(n, "timestamp")),
          bytes(n, "signature"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"timestamp\" is not an instant: " + e.getMessage(), e);
    }
  }

  /** Writes a consistency proof. */
  public static void writeConsistency(Consistency proof, Path file) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("fromSize", proof.fromSize());
    n.put("toSize", proof.toSize());
    n.set("proof", hashes(proof.path()));
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), n);
  }

  /**
   * Reads a consistency proof.
   *
   * @throws IOException if the file cannot be read or is not a consistency proof
   */
  public static Consistency readConsistency(Path file) throws IOException {
    JsonNode n = read(file);
    try {
      return new Consistency(number(n, "fromSize"), number(n, "toSize"), hashes(n, "proof"));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a consistency proof: " + e.getMessage(), e);
    }
  }

  /** Writes entries with their proofs. */
  public static void writeEntries(Entries entries, Path file) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), entriesJson(entries));
  }

  /** Entries with their proofs as the JSON object an entries file holds. */
  public static ObjectNode entriesJson(Entries entries) {
    ObjectNode n = JSON.createObjectNode();
    n.put("treeSize", entries.treeSize());
    ArrayNode list = n.putArray("entries");
    for (Auditor.Claim c : entries.claims()) {
      ObjectNode e = list.addObject();
      e.put("leafIndex", c.index());
      e.put("leafData", b64(c.leafData()));
      e.set("inclusionProof", hashes(c.inclusionPath()));
      c.opening()
          .ifPresent(
              o -> {
                e.put("salt", b64(o.salt()));
                e.put("record", b64(o.record()));
                e.put("description", o.entry().toString());
              });
    }
    return n;
  }

  /**
   * Reads entries with their proofs; a {@code description} field is for people and is ignored.
   *
   * @throws IOException if the file cannot be read or is not an entries file
   */
  public static Entries readEntries(Path file) throws IOException {
    try {
      return entriesFrom(read(file));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not an entries file: " + e.getMessage(), e);
    }
  }

  /**
   * The entries in a JSON object laid out as an entries file.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static Entries entriesFrom(JsonNode n) {
    List<Auditor.Claim> claims = new ArrayList<>();
    JsonNode list = n.get("entries");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("no \"entries\" array");
    }
    for (JsonNode e : list) {
      Optional<Opening> opening =
          e.has("record")
              ? Optional.of(new Opening(bytes(e, "salt"), bytes(e, "record")))
              : Optional.empty();
      claims.add(
          new Auditor.Claim(
              number(e, "leafIndex"), bytes(e, "leafData"), hashes(e, "inclusionProof"), opening));
    }
    return new Entries(number(n, "treeSize"), claims);
  }

  private static ObjectNode headNode(TreeHead head) {
    ObjectNode n = JSON.createObjectNode();
    n.put("treeSize", head.size());
    n.put("rootHash", b64(head.root()));
    n.put("timestamp", head.timestamp().toString());
    n.put("signature", b64(head.signature()));
    return n;
  }

  private static JsonNode read(Path file) throws IOException {
    try {
      JsonNode n = JSON.readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw new IOException(file + " is not a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ArrayNode hashes(List<byte[]> path) {
    ArrayNode a = JSON.createArrayNode();
    path.forEach(h -> a.add(b64(h)));
    return a;
  }

  private static List<byte[]> hashes(JsonNode n, String field) {
    JsonNode a = n.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("no \"" + field + "\" array");
    }
    List<byte[]> out = new ArrayList<>();
    for (JsonNode h : a) {
      if (!h.isTextual()) {
        throw new IllegalArgumentException("\"" + field + "\" holds a non-string");
      }
      out.add(Base64.getDecoder().decode(h.asText()));
    }
    return out;
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a whole number");
    }
    return v.asLong();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a string");
    }
    return v.asText();
  }

  private static byte[] bytes(JsonNode n, String field) {
    return Base64.getDecoder().decode(text(n, field));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
