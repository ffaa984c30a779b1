package org.facefare.server.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration of {@code facefare gate}: the authority (URL, trusted certificate, deadline)
 * and one or more gates (id, private key, frame source, track window, turnstile timeouts), read
 * from YAML or JSON (YAML 1.2 reads JSON too).
 *
 * <p>Every error names the file, the field and why, e.g. {@code gates.yaml: gates[1].key: file
 * keys/G2.key does not exist}. Relative paths are relative to the configuration file. Durations are
 * {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT0.5S}). Unknown fields are errors, so
 * a misspelt timeout is not silently ignored.
 *
 * @param authority the fare authority
 * @param gates the gates, at least one, ids unique
 */
record GateConfig(Authority authority, List<Gate> gates) {

  /**
   * Where the fare authority is.
   *
   * @param url its base URL, {@code http} or {@code https}
   * @param trust the certificates to trust for {@code https} (empty: the JDK's public CAs)
   * @param deadline the longest a decision may take before the gate says "use your card"
   * @param breakerWait how long the circuit breaker waits before probing a failing authority
   */
  record Authority(URI url, Optional<Path> trust, Duration deadline, Duration breakerWait) {}

  /** Where a gate's frames come from. */
  sealed interface Frames {
    /** The images of a folder, in name order. */
    record Folder(Path folder) implements Frames {}

    /** The given image files, in order. */
    record Files(List<Path> files) implements Frames {}

    /** An MJPEG camera stream over HTTP. */
    record Mjpeg(URI url) implements Frames {}
  }

  /**
   * One gate.
   *
   * @param id its id, as registered with the authority
   * @param key its Ed25519 private key file (PKCS#8 PEM)
   * @param frames where its frames come from
   * @param frameInterval the pause between frames of a folder or file list (a camera's pace)
   * @param trackWindow how long the face track collects a rider's frames before deciding
   * @param openTimeout how long the turnstile stays open for a rider who does not pass
   * @param passedHold how long it stays open after the rider passed
   * @param simulatedPassage for frame sources without a turnstile: the passage sensor fires this
   *     long after opening
   */
  record Gate(
      String id,
      Path key,
      Frames frames,
      Duration frameInterval,
      Duration trackWindow,
      Duration openTimeout,
      Duration passedHold,
      Optional<Duration> simulatedPassage) {}

  /** A configuration error: the file, the field and why. */
  static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(Path file, String field, String why) {
      super(file + ": " + (field.isEmpty() ? "" : field + ": ") + why);
    }
  }

  private static final Pattern SHORT_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

  /**
   * Parses a duration: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 10m}, {@code 1h} or
   * ISO-8601.
   *
   * @throws IllegalArgumentException naming {@code field} if it is not a non-negative duration
   */
  static Duration duration(String text, String field) {
    String t = text == null ? "" : text.trim();
    Duration d;
    Matcher m = SHORT_DURATION.matcher(t);
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      double nanosPer =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
          };
      d = Duration.ofNanos(Math.round(value * nanosPer));
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            field + ": '" + text + "' is not a duration (e.g. 500ms, 2s, 10m, PT1S)");
      }
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + ": a duration must not be negative: " + text);
    }
    return d;
  }

  /**
   * Reads and checks a configuration file.
   *
   * @throws ConfigException naming the file, the field and why
   */
  static GateConfig read(Path file) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file, "", "the configuration file does not exist");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ConfigException(
          file, "", "not valid YAML or JSON: " + e.getOriginalMessage().split("\n")[0]);
    } catch (IOException e) {
      throw new ConfigException(file, "", "cannot be read: " + e.getMessage());
    }
    Reader r = new Reader(file);
    if (root == null || !root.isObject()) {
      throw new ConfigException(file, "", "must be a mapping with 'authority' and 'gates'");
    }
    r.only(root, "", "authority", "gates");
    Authority authority = r.authority(r.required(root, "", "authority"));
    JsonNode gatesNode = r.required(root, "", "gates");
    if (!gatesNode.isArray() || gatesNode.isEmpty()) {
      throw new ConfigException(file, "gates", "must be a list of at least one gate");
    }
    List<Gate> gates = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < gatesNode.size(); i++) {
      Gate g = r.gate(gatesNode.get(i), "gates[" + i + "]");
      if (!ids.add(g.id())) {
        throw new ConfigException(file, "gates[" + i + "].id", "gate " + g.id() + " appears twice");
      }
      gates.add(g);
    }
    return new GateConfig(authority, List.copyOf(gates));
  }

  /** Field-by-field reading with errors that say where. */
  private record Reader(Path file) {

    Authority authority(JsonNode n) throws ConfigException {
      object(n, "authority");
      only(n, "authority", "url", "trust", "deadline", "breaker_wait");
      String urlText = text(required(n, "authority", "url"), "authority.url");
      URI url;
      try {
        url = new URI(urlText);
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(file, "authority.url", "'" + urlText + "' is not a URL");
      }
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw new ConfigException(
            file,
            "authority.url",
            "'" + urlText + "' must be an http:// or https:// URL with a host");
      }
      Optional<Path> trust = Optional.empty();
      if (n.has("trust")) {
        if (!scheme.equals("https")) {
          throw new ConfigException(
              file, "authority.trust", "a trusted certificate needs an https:// authority.url");
        }
        trust = Optional.of(existingFile(n.get("trust"), "authority.trust"));
      }
      Duration deadline = durationOr(n, "authority", "deadline", Duration.ofMillis(300));
      if (deadline.isZero()) {
        throw new ConfigException(file, "authority.deadline", "must be positive");
      }
      return new Authority(
          url, trust, deadline, durationOr(n, "authority", "breaker_wait", Duration.ofSeconds(5)));
    }

    Gate gate(JsonNode n, String at) throws ConfigException {
      object(n, at);
      only(n, at, "id", "key", "frames", "frame_interval", "track_window", "turnstile");
      String id = text(required(n, at, "id"), at + ".id");
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
        throw new ConfigException(
            file, at + ".id", "'" + id + "' is not a gate id (letters, digits, . _ : -)");
      }
      Path key = existingFile(required(n, at, "key"), at + ".key");
      Frames frames = frames(required(n, at, "frames"), at + ".frames");
      Duration open = Duration.ofSeconds(8);
      Duration hold = Duration.ofSeconds(1);
      Optional<Duration> passage = Optional.empty();
      if (n.has("turnstile")) {
        JsonNode t = n.get("turnstile");
        String tat = at + ".turnstile";
        object(t, tat);
        only(t, tat, "open_timeout", "passed_hold", "simulated_passage");
        open = positive(durationOr(t, tat, "open_timeout", open), tat + ".open_timeout");
        hold = positive(durationOr(t, tat, "passed_hold", hold), tat + ".passed_hold");
        if (t.has("simulated_passage")) {
          passage = Optional.of(durationOr(t, tat, "simulated_passage", Duration.ZERO));
          if (!passage.get().minus(open).isNegative()) {
            throw new ConfigException(
                file, tat + ".simulated_passage", "must be shorter than open_timeout");
          }
        }
      }
      return new Gate(
          id,
          key,
          frames,
          durationOr(n, at, "frame_interval", Duration.ZERO),
          durationOr(n, at, "track_window", Duration.ofMillis(500)),
          open,
          hold,
          passage);
    }

    Frames frames(JsonNode n, String at) throws ConfigException {
      object(n, at);
      only(n, at, "folder", "files", "mjpeg");
      if (n.size() != 1) {
        throw new ConfigException(file, at, "give exactly one of folder, files or mjpeg");
      }
      if (n.has("folder")) {
        Path folder = path(n.get("folder"), at + ".folder");
        if (!Files.isDirectory(folder)) {
          throw new ConfigException(file, at + ".folder", "folder " + folder + " does not exist");
        }
        return new Frames.Folder(folder);
      }
      if (n.has("files")) {
        JsonNode list = n.get("files");
        if (!list.isArray() || list.isEmpty()) {
          throw new ConfigException(file, at + ".files", "must be a list of image files");
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          files.add(existingFile(list.get(i), at + ".files[" + i + "]"));
        }
        return new Frames.Files(List.copyOf(files));
      }
      String u = text(n.get("mjpeg"), at + ".mjpeg");
      try {
        URI url = new URI(u);
        if (url.getScheme() == null
            || !url.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
            || url.getHost() == null) {
          throw new ConfigException(file, at + ".mjpeg", "'" + u + "' must be an http(s):// URL");
        }
        return new Frames.Mjpeg(url);
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(file, at + ".mjpeg", "'" + u + "' is not a URL");
      }
    }

    JsonNode required(JsonNode n, String at, String field) throws ConfigException {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        throw new ConfigException(file, at.isEmpty() ? field : at + "." + field, "is required");
      }
      return v;
    }

    void only(JsonNode n, String at, String... allowed) throws ConfigException {
      Set<String> ok = Set.of(allowed);
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!ok.contains(f)) {
          throw new ConfigException(
              file,
              at.isEmpty() ? f : at + "." + f,
              "unknown field (expected one of " + String.join(", ", allowed) + ")");
        }
      }
    }

    void object(JsonNode n, String at) throws ConfigException {
      if (!n.isObject()) {
        throw new ConfigException(file, at, "must be a mapping");
      }
    }

    String text(JsonNode n, String at) throws ConfigException {
      if (!n.isTextual() || n.asText().isBlank()) {
        throw new ConfigException(file, at, "must be a non-empty string");
      }
      return n.asText().trim();
    }

    Path path(JsonNode n, String at) throws ConfigException {
      Path p = Path.of(text(n, at));
      Path base = file.toAbsolutePath().getParent();
      return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }

    Path existingFile(JsonNode n, String at) throws ConfigException {
      Path p = path(n, at);
      if (!Files.isRegularFile(p)) {
        throw new ConfigException(file, at, "file " + p + " does not exist");
      }
      return p;
    }

    Duration durationOr(JsonNode n, String at, String field, Duration otherwise)
        throws ConfigException {
      JsonNode v = n.get(field);
      if (v == null) {
        return otherwise;
      }
      String where = at + "." + field;
      try {
        return duration(v.isNumber() ? v.asText() + "ms" : text(v, where), where);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file, "", e.getMessage());
      }
    }

    Duration positive(Duration d, String at) throws ConfigException {
      if (d.isZero()) {
        throw new ConfigException(file, at, "must be positive");
      }
      return d;
    }
  }
}
