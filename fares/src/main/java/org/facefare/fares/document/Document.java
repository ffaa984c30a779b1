package org.facefare.fares.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import com.networknt.schema.utils.JsonNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed YAML or JSON document that remembers where each of its nodes came from, validated
 * against a JSON Schema, so that any problem found later can name the file, line and field.
 *
 * <p>Parsing is Jackson's (YAML through SnakeYAML, duplicate keys refused); validation is the
 * networknt JSON Schema validator (draft 2020-12), whose location-aware node factory records each
 * node's line and column. Semantic checks (references, contradictions) run on the tree after the
 * schema passed and report through {@link #problem(String, Object...)}, which resolves a path to
 * the node's position. SnakeYAML's default loader limits (alias expansion, 3 MB of text) stay on,
 * so a YAML bomb is a parse error, not an out-of-memory.
 */
public final class Document {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** How a document is written. */
  public enum Format {
    /** YAML 1.1 as SnakeYAML reads it (files ending {@code .yaml} or {@code .yml}). */
    YAML,
    /** JSON (files ending {@code .json}). */
    JSON;

    /** The format a file name's extension names, or a clear error. */
    public static Format of(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        return YAML;
      }
      if (lower.endsWith(".json")) {
        return JSON;
      }
      throw new IllegalArgumentException(
          name + ": unknown document format (expected .yaml, .yml or .json)");
    }

    ObjectMapper mapper() {
      return this == YAML ? Document.YAML : Document.JSON;
    }
  }

  private final String source;
  private final JsonNode root;

  private Document(String source, JsonNode root) {
    this.source = source;
    this.root = root;
  }

  /** Reads {@code file}, its format named by its extension, and validates it against the schema. */
  public static Document read(Path file, DocumentSchema schema) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return parse(file.toString(), bytes, Format.of(file.getFileName().toString()), schema);
  }

  /** Parses {@code bytes} named {@code source} and validates them against the schema. */
  public static Document parse(String source, byte[] bytes, Format format, DocumentSchema schema) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    JsonNode root;
    ObjectMapper mapper = format.mapper();
    try (JsonParser parser = mapper.createParser(bytes)) {
      root = mapper.reader(new LocationJsonNodeFactory(parser)).readTree(parser);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int column = at == null ? 1 : Math.max(1, at.getColumnNr());
      throw new DocumentException(
          new DocumentException.Problem(source, line, column, "$", e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new DocumentException(new DocumentException.Problem(source, 1, 1, "$", "is empty"));
    }
    Document document = new Document(source, root);
    document.validate(schema.schema);
    return document;
  }

  /**
   * Binds the (validated) tree to {@code type}; a value the schema let through but the type cannot
   * take is a {@link DocumentException} too.
   */
  public <T> T bind(Class<T> type) {
    try (JsonParser parser = JSON.treeAsTokens(root)) {
      return JSON.readValue(parser, type);
    } catch (JsonProcessingException e) {
      throw new DocumentException(
          new DocumentException.Problem(source, 1, 1, "$", e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A problem with the node at {@code path} (field names and array indices from the root, e.g.
   * {@code "gates", 12, "entrance"}); where the node is absent, the nearest present ancestor gives
   * the line.
   */
  public DocumentException.Problem problem(String message, Object... path) {
    JsonNode node = root;
    JsonNode located = root;
    StringBuilder field = new StringBuilder("$");
    for (Object step : path) {
      if (step instanceof Integer index) {
        field.append('[').append(index).append(']');
        node = node == null ? null : node.get(index);
      } else {
        field.append('.').append(step);
        node = node == null ? null : node.get(step.toString());
      }
      if (node != null && !node.isMissingNode()) {
        located = node;
      }
    }
    return problemAt(located, field.toString(), message);
  }

  private DocumentException.Problem problemAt(JsonNode node, String field, String message) {
    JsonLocation at = node == null ? null : JsonNodes.tokenStreamLocationOf(node);
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    return new DocumentException.Problem(source, line, column, field, message);
  }

  private static String jsonPath(NodePath path) {
    StringBuilder field = new StringBuilder("$");
    for (int i = 0; i < path.getNameCount(); i++) {
      Object step = path.getElement(i);
      if (step instanceof Integer index) {
        field.append('[').append(index).append(']');
      } else {
        field.append('.').append(step);
      }
    }
    return field.toString();
  }

  private void validate(Schema schema) {
    List<Error> errors = schema.validate(root);
    if (errors.isEmpty()) {
      return;
    }
    List<DocumentException.Problem> problems = new ArrayList<>(errors.size());
    for (Error error : errors) {
      JsonNode node = error.getInstanceNode();
      String field = jsonPath(error.getInstanceLocation());
      String message = error.getMessage();
      // The validator's message starts with the path it is about; the problem names it once.
      String pointer = error.getInstanceLocation().toString();
      if (message.startsWith(pointer + ": ")) {
        message = message.substring(pointer.length() + 2);
      }
      problems.add(problemAt(node, field, message));
    }
    problems.sort(
        Comparator.comparingInt(DocumentException.Problem::line)
            .thenComparingInt(DocumentException.Problem::column));
    throw new DocumentException(problems);
  }
}
