package org.facefare.fares.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.facefare.fares.document.Document;
import org.facefare.fares.document.DocumentException;
import org.facefare.fares.document.DocumentSchema;

/**
 * A transport network: its operators, lines, stations, entrances and gates, every reference among
 * them resolved, and the time zone its service days and fare periods are counted in.
 *
 * <p>Networks are read from YAML or JSON documents ({@code docs/fares.md} describes the format)
 * checked against {@code network.schema.json} and then for referential integrity (unique ids; gate
 * → entrance → station → line → operator); any problem is a {@link DocumentException} naming the
 * file, line and field.
 */
public final class Network {

  private static final DocumentSchema SCHEMA =
      DocumentSchema.resource(Network.class, "network.schema.json");

  private final NetworkFile file;
  private final ZoneId timeZone;
  private final Map<String, Line> lines;
  private final Map<String, Station> stations;
  private final Map<String, Entrance> entrances;
  private final Map<String, Gate> gates;
  private final Map<String, Mode> gateModes;

  private Network(NetworkFile file) {
    this.file = file;
    this.timeZone = ZoneId.of(file.timeZone());
    this.lines = byId(file.lines(), Line::id);
    this.stations = byId(file.stations(), Station::id);
    this.entrances = byId(file.entrances(), Entrance::id);
    this.gates = byId(file.gates(), Gate::id);
    Map<String, Mode> modes = new HashMap<>(gates.size() * 2);
    for (Gate gate : file.gates()) {
      modes.put(gate.id(), lineOf(gate).mode());
    }
    this.gateModes = Collections.unmodifiableMap(modes);
  }

  /** Reads a network document; its format is named by the file's extension. */
  public static Network load(Path file) {
    return from(Document.read(file, SCHEMA));
  }

  /** Reads a network document named {@code source} from {@code bytes}. */
  public static Network parse(String source, byte[] bytes, Document.Format format) {
    return from(Document.parse(source, bytes, format, SCHEMA));
  }

  /** Reads a network document bundled as a class-path resource next to this class. */
  public static Network resource(String name) {
    try (InputStream in = Network.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no network resource " + name);
      }
      return parse(name, in.readAllBytes(), Document.Format.of(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read network resource " + name, e);
    }
  }

  /**
   * The generated Moscow-like sample metro that ships with FaceFare ({@code sample-metro.yaml}).
   */
  public static Network sampleMetro() {
    return resource("sample-metro.yaml");
  }

  /** A small hand-written network for tests and examples ({@code small.yaml}). */
  public static Network small() {
    return resource("small.yaml");
  }

  private static Network from(Document document) {
    NetworkFile file = document.bind(NetworkFile.class);
    List<NetworkChecks.Issue> issues = NetworkChecks.check(file);
    if (!issues.isEmpty()) {
      List<DocumentException.Problem> problems = new ArrayList<>(issues.size());
      for (NetworkChecks.Issue issue : issues) {
        problems.add(document.problem(issue.message(), issue.path()));
      }
      problems.sort(Comparator.comparingInt(DocumentException.Problem::line));
      throw new DocumentException(problems);
    }
    return new Network(file);
  }

  /** A network built in code (by the generator); broken references are a clear error. */
  static Network of(NetworkFile file) {
    List<NetworkChecks.Issue> issues = NetworkChecks.check(file);
    if (!issues.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid network: "
              + issues.stream()
                  .map(i -> describe(i.path()) + ": " + i.message())
                  .collect(Collectors.joining("; ")));
    }
    return new Network(file);
  }

  private static String describe(Object[] path) {
    StringBuilder field = new StringBuilder("$");
    for (Object step : path) {
      field.append(step instanceof Integer i ? "[" + i + "]" : "." + step);
    }
    return field.toString();
  }

  NetworkFile file() {
    return file;
  }

  /** The network's id. */
  public String id() {
    return file.id();
  }

  /** The network's name. */
  public String name() {
    return file.name();
  }

  /** The zone in which service days, peak hours and cap periods are counted. */
  public ZoneId timeZone() {
    return timeZone;
  }

  /** The operators. */
  public List<Operator> operators() {
    return file.operators();
  }

  /** The lines. */
  public List<Line> lines() {
    return file.lines();
  }

  /** The stations. */
  public List<Station> stations() {
    return file.stations();
  }

  /** The entrances. */
  public List<Entrance> entrances() {
    return file.entrances();
  }

  /** The gates. */
  public List<Gate> gates() {
    return file.gates();
  }

  /** The interchanges. */
  public List<Interchange> interchanges() {
    return file.interchanges();
  }

  /** The modes the network's lines run. */
  public Set<Mode> modes() {
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    for (Line line : file.lines()) {
      modes.add(line.mode());
    }
    return modes;
  }

  /** The gate with {@code id}, if there is one. */
  public Optional<Gate> gate(String id) {
    return Optional.ofNullable(gates.get(id));
  }

  /** The line with {@code id}, if there is one. */
  public Optional<Line> line(String id) {
    return Optional.ofNullable(lines.get(id));
  }

  /** The station with {@code id}, if there is one. */
  public Optional<Station> station(String id) {
    return Optional.ofNullable(stations.get(id));
  }

  /**
   * The mode of the line that the gate {@code gateId} belongs to.
   *
   * @throws IllegalArgumentException for an unknown gate
   */
  public Mode modeOfGate(String gateId) {
    Mode mode = gateModes.get(gateId);
    if (mode == null) {
      throw new IllegalArgumentException("unknown gate '" + gateId + "' in network " + id());
    }
    return mode;
  }

  /**
   * The station the gate {@code gateId} belongs to.
   *
   * @throws IllegalArgumentException for an unknown gate
   */
  public Station stationOfGate(String gateId) {
    Gate gate = gates.get(gateId);
    if (gate == null) {
      throw new IllegalArgumentException("unknown gate '" + gateId + "' in network " + id());
    }
    return stations.get(entrances.get(gate.entrance()).station());
  }

  /** The stations of line {@code lineId} in order along it. */
  public List<Station> stationsOf(String lineId) {
    return file.stations().stream()
        .filter(s -> s.line().equals(lineId))
        .sorted(Comparator.comparingInt(Station::seq))
        .toList();
  }

  private Line lineOf(Gate gate) {
    return lines.get(stations.get(entrances.get(gate.entrance()).station()).line());
  }

  private static <T> Map<String, T> byId(List<T> items, java.util.function.Function<T, String> id) {
    Map<String, T> map = new HashMap<>(items.size() * 2);
    for (T item : items) {
      map.put(id.apply(item), item);
    }
    return Collections.unmodifiableMap(map);
  }
}
