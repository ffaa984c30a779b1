package org.facefare.fares.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a Moscow-like sample metro from a seed: radial lines that cross each other at
 * interchanges in the centre, a metro ring line and a ring railway that meet every radial, feeder
 * bus routes at the outer termini, and entrances and gates sized by how central a station is.
 *
 * <p>Same settings, same network, on any JVM: the generator draws from a {@link SplittableRandom}
 * seeded by {@link Settings#seed()}, uses {@link StrictMath} for geometry and rounds positions to
 * metres. The shipped {@code sample-metro.yaml} is its output with {@link Settings#DEFAULT}; a test
 * regenerates it and compares.
 *
 * <p>Geometry: radial line {@code k} is a straight chord at angle {@code πk/n} (jittered), shifted
 * off the centre by up to {@link Settings#centreSpread()} so that lines cross pairwise rather than
 * at one point; crossings inside the ring line become interchanges (a station already within {@link
 * Settings#mergeKm()} along the line is reused, so the centre gets a few large complexes, as real
 * metros do). Each ring crosses every chord twice; those crossings are interchange stations too.
 * The rest of a line is filled with stations at {@link Settings#spacingKm()} (±20 %).
 */
public final class SampleMetroGenerator {

  /**
   * What to generate.
   *
   * @param seed the random seed
   * @param radialLines how many radial metro lines
   * @param busRoutes how many feeder bus routes
   * @param ringKm the metro ring line's radius
   * @param railKm the ring railway's radius
   * @param minLengthKm the shortest radial arm (centre to terminus)
   * @param maxLengthKm the longest radial arm
   * @param spacingKm the typical distance between stations
   * @param centreSpread how far off the centre a radial line may pass
   * @param mergeKm crossings closer than this along a line share a station
   */
  public record Settings(
      long seed,
      int radialLines,
      int busRoutes,
      double ringKm,
      double railKm,
      double minLengthKm,
      double maxLengthKm,
      double spacingKm,
      double centreSpread,
      double mergeKm) {

    /** The settings of the shipped sample metro. */
    public static final Settings DEFAULT =
        new Settings(20211015L, 11, 6, 3.2, 8.5, 14.0, 22.0, 1.7, 1.1, 0.9);

    /** Checks the fields. */
    public Settings {
      if (radialLines < 1 || busRoutes < 0 || busRoutes > 2 * radialLines) {
        throw new IllegalArgumentException(
            "need at least one radial line and at most two bus routes per radial line");
      }
      if (!(0 < ringKm && ringKm < railKm && railKm < minLengthKm && minLengthKm <= maxLengthKm)) {
        throw new IllegalArgumentException("need 0 < ringKm < railKm < minLengthKm <= maxLengthKm");
      }
      if (!(spacingKm > 0 && centreSpread >= 0 && centreSpread < ringKm && mergeKm > 0)) {
        throw new IllegalArgumentException("need spacingKm > 0, 0 <= centreSpread < ringKm");
      }
    }
  }

  private static final String[] RADIAL_NAMES = {
    "Red",
    "Green",
    "Blue",
    "Light Blue",
    "Orange",
    "Violet",
    "Yellow",
    "Grey",
    "Lime",
    "Turquoise",
    "Pink",
    "Brown",
    "Olive",
    "Navy",
    "Amber",
    "Coral"
  };
  private static final String[] ROOTS = {
    "Sokol",
    "Dubrov",
    "Berez",
    "Lipov",
    "Sosnov",
    "Kamen",
    "Zelen",
    "Rechn",
    "Sadov",
    "Mirn",
    "Ozern",
    "Gorn",
    "Lugov",
    "Polev",
    "Krasn",
    "Novin",
    "Starin",
    "Tveritin",
    "Yasen",
    "Ryabin",
    "Klenov",
    "Vishnev",
    "Orekhov",
    "Medved",
    "Lisits",
    "Volkhon",
    "Zhuravl",
    "Lebed",
    "Solov",
    "Strogin",
    "Tushin",
    "Khimin",
    "Perov",
    "Kolomen",
    "Kurgan",
    "Borov",
    "Podolin",
    "Ostankin",
    "Izmailov",
    "Kuntsev",
    "Lefortov",
    "Tagan",
    "Preobrazhen",
    "Semyonov",
    "Cheryomush",
    "Bibirev",
    "Otradn",
    "Alekseev",
    "Rostokin",
    "Golyanov",
    "Ivanov",
    "Pokrov",
    "Nikol",
    "Troits",
    "Uspen",
    "Vozdvizhen",
    "Kitai",
    "Zamoskvorech",
    "Presnen",
    "Khamovnich"
  };
  private static final String[] FORMS = {
    "%sskaya",
    "%so",
    "%sino",
    "%sniki",
    "%sskaya Zastava",
    "%ssky Park",
    "Ploshchad %sskaya",
    "%sskiye Vorota",
    "Ulitsa %sskaya",
    "%ssky Prospekt",
    "%sskoye Shosse",
    "%sskaya Sloboda"
  };

  private final Settings settings;
  private final SplittableRandom random;
  private final Set<String> names = new HashSet<>();
  private final List<Operator> operators = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final List<Station> stations = new ArrayList<>();
  private final List<Entrance> entrances = new ArrayList<>();
  private final List<Gate> gates = new ArrayList<>();
  private final List<Interchange> interchanges = new ArrayList<>();

  private SampleMetroGenerator(Settings settings) {
    this.settings = settings;
    this.random = new SplittableRandom(settings.seed());
  }

  /** The network {@code settings} describe. */
  public static Network generate(Settings settings) {
    return Network.of(new SampleMetroGenerator(settings).build());
  }

  /** The network as a YAML document, the way {@code sample-metro.yaml} is written. */
  public static String yaml(Network network) {
    YAMLMapper mapper =
        YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    try {
      return "# Generated by org.facefare.fares.network.SampleMetroGenerator with its default\n"
          + "# settings; do not edit (docs/fares.md says how to regenerate it).\n"
          + mapper.writeValueAsString(network.file());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write network " + network.id(), e);
    }
  }

  /** A radial line: a chord {@code c + t·u}, {@code t} from {@code -a} to {@code b}. */
  private record Chord(double cx, double cy, double ux, double uy, double a, double b) {
    double x(double t) {
      return cx + t * ux;
    }

    double y(double t) {
      return cy + t * uy;
    }
  }

  /** A station-to-be on a line at parameter {@code t} (chord length or ring angle). */
  private static final class Stop {
    final double t;
    final double x;
    final double y;
    String id;

    Stop(double t, double x, double y) {
      this.t = t;
      this.x = x;
      this.y = y;
    }
  }

  private NetworkFile build() {
    operators.add(new Operator("metro", "Sample Metro"));
    operators.add(new Operator("railways", "Sample Railways"));
    operators.add(new Operator("buses", "Sample City Buses"));
    int n = settings.radialLines();
    List<Chord> chords = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      double angle = StrictMath.PI * k / n + (random.nextDouble() - 0.5) * 0.12;
      double offset = (random.nextDouble() * 2 - 1) * settings.centreSpread();
      double ux = StrictMath.cos(angle);
      double uy = StrictMath.sin(angle);
      chords.add(new Chord(-offset * uy, offset * ux, ux, uy, length(), length()));
    }
    List<List<Stop>> radial = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      radial.add(new ArrayList<>());
    }
    // Crossings of radial lines inside the ring line.
    List<Stop[]> links = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double[] ts = cross(chords.get(i), chords.get(j));
        if (ts == null) {
          continue;
        }
        Chord ci = chords.get(i);
        double px = ci.x(ts[0]);
        double py = ci.y(ts[0]);
        if (StrictMath.hypot(px, py) < settings.ringKm() - settings.mergeKm()) {
          links.add(
              new Stop[] {
                stopAt(radial.get(i), ci, ts[0]), stopAt(radial.get(j), chords.get(j), ts[1])
              });
        }
      }
    }
    // The two rings cross every radial line twice.
    List<Stop> ring = new ArrayList<>();
    List<Stop> rail = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Chord c = chords.get(k);
      for (double[] r : new double[][] {{settings.ringKm(), 0}, {settings.railKm(), 1}}) {
        double cu = c.cx() * c.ux() + c.cy() * c.uy();
        double disc = cu * cu - (c.cx() * c.cx() + c.cy() * c.cy() - r[0] * r[0]);
        for (double sign : new double[] {-1, 1}) {
          double t = -cu + sign * StrictMath.sqrt(disc);
          Stop onLine = stopAt(radial.get(k), c, t);
          Stop onRing = new Stop(angleOf(onLine.x, onLine.y), onLine.x, onLine.y);
          (r[1] == 0 ? ring : rail).add(onRing);
          links.add(new Stop[] {onLine, onRing});
        }
      }
    }
    for (int k = 0; k < n; k++) {
      Chord c = chords.get(k);
      List<Stop> stops = radial.get(k);
      stops.add(new Stop(-c.a(), c.x(-c.a()), c.y(-c.a())));
      stops.add(new Stop(c.b(), c.x(c.b()), c.y(c.b())));
      fillChord(stops, c);
      String id = String.format(Locale.ROOT, "M%02d", k + 1);
      addLine(
          new Line(id, RADIAL_NAMES[k % RADIAL_NAMES.length] + " line", "metro", Mode.METRO, false),
          stops);
    }
    fillRing(ring, settings.ringKm());
    addLine(new Line("M00", "Circle line", "metro", Mode.METRO, true), ring);
    fillRing(rail, settings.railKm());
    addLine(new Line("R1", "Central Ring Railway", "railways", Mode.RING_RAILWAY, true), rail);
    addInterchanges(links);
    addBuses(radial);
    return new NetworkFile(
        "sample-metro",
        "Sample Metro (a generated Moscow-like network)",
        "Europe/Moscow",
        operators,
        lines,
        stations,
        entrances,
        gates,
        interchanges);
  }

  private double length() {
    return settings.minLengthKm()
        + random.nextDouble() * (settings.maxLengthKm() - settings.minLengthKm());
  }

  /** The parameters at which two chords cross, or null when they are parallel. */
  private static double[] cross(Chord p, Chord q) {
    double det = p.ux() * (-q.uy()) - p.uy() * (-q.ux());
    if (StrictMath.abs(det) < 1e-9) {
      return null;
    }
    double dx = q.cx() - p.cx();
    double dy = q.cy() - p.cy();
    double s = (dx * (-q.uy()) - dy * (-q.ux())) / det;
    double t = (p.ux() * dy - p.uy() * dx) / det;
    return new double[] {s, t};
  }

  /** The stop at {@code t} on a radial, reusing one within {@link Settings#mergeKm()}. */
  private Stop stopAt(List<Stop> stops, Chord chord, double t) {
    for (Stop stop : stops) {
      if (StrictMath.abs(stop.t - t) < settings.mergeKm()) {
        return stop;
      }
    }
    Stop stop = new Stop(t, chord.x(t), chord.y(t));
    stops.add(stop);
    return stop;
  }

  private static double angleOf(double x, double y) {
    double a = StrictMath.atan2(y, x);
    return a < 0 ? a + 2 * StrictMath.PI : a;
  }

  private void fillChord(List<Stop> stops, Chord chord) {
    stops.sort(Comparator.comparingDouble(s -> s.t));
    List<Stop> filled = new ArrayList<>();
    for (int i = 0; i + 1 < stops.size(); i++) {
      Stop from = stops.get(i);
      Stop to = stops.get(i + 1);
      double gap = to.t - from.t;
      int between = (int) StrictMath.round(gap / spacing(StrictMath.hypot(from.x, from.y))) - 1;
      for (int s = 1; s <= between; s++) {
        double t = from.t + gap * (s + (random.nextDouble() - 0.5) * 0.4) / (between + 1);
        filled.add(new Stop(t, chord.x(t), chord.y(t)));
      }
    }
    stops.addAll(filled);
    stops.sort(Comparator.comparingDouble(s -> s.t));
  }

  private void fillRing(List<Stop> stops, double radius) {
    stops.sort(Comparator.comparingDouble(s -> s.t));
    List<Stop> filled = new ArrayList<>();
    for (int i = 0; i < stops.size(); i++) {
      Stop from = stops.get(i);
      Stop to = stops.get((i + 1) % stops.size());
      double gap = to.t - from.t + (i + 1 == stops.size() ? 2 * StrictMath.PI : 0);
      int between = (int) StrictMath.round(gap * radius / (settings.spacingKm() * 1.4)) - 1;
      for (int s = 1; s <= between; s++) {
        double a = from.t + gap * (s + (random.nextDouble() - 0.5) * 0.4) / (between + 1);
        a = a >= 2 * StrictMath.PI ? a - 2 * StrictMath.PI : a;
        filled.add(new Stop(a, radius * StrictMath.cos(a), radius * StrictMath.sin(a)));
      }
    }
    stops.addAll(filled);
    stops.sort(Comparator.comparingDouble(s -> s.t));
  }

  /** Closer to the centre, stations are closer together. */
  private double spacing(double fromCentre) {
    return settings.spacingKm()
        * (fromCentre < settings.ringKm() ? 0.8 : fromCentre < settings.railKm() ? 1.0 : 1.25);
  }

  private void addLine(Line line, List<Stop> stops) {
    lines.add(line);
    for (int seq = 0; seq < stops.size(); seq++) {
      Stop stop = stops.get(seq);
      stop.id = String.format(Locale.ROOT, "%s-%02d", line.id(), seq + 1);
      double fromCentre = StrictMath.hypot(stop.x, stop.y);
      stations.add(
          new Station(stop.id, name(), line.id(), seq + 1, metres(stop.x), metres(stop.y)));
      boolean central = fromCentre < settings.railKm();
      int halls = line.mode() == Mode.BUS ? 1 : (central ? 2 : 1) + random.nextInt(2);
      for (int h = 0; h < halls; h++) {
        String entranceId = stop.id + "-" + (char) ('A' + h);
        entrances.add(
            new Entrance(
                entranceId,
                line.mode() == Mode.BUS ? "Boarding" : (h == 0 ? "Main hall" : "Exit " + (h + 1)),
                stop.id));
        int count =
            line.mode() == Mode.BUS
                ? 1 + random.nextInt(2)
                : (central ? 3 : 2) + random.nextInt(central ? 4 : 3);
        for (int g = 1; g <= count; g++) {
          gates.add(new Gate(entranceId + "-" + g, entranceId));
        }
      }
    }
  }

  private void addInterchanges(List<Stop[]> links) {
    Map<String, String> parent = new HashMap<>();
    Map<String, String> lineOf = new HashMap<>();
    for (Station station : stations) {
      parent.put(station.id(), station.id());
      lineOf.put(station.id(), station.line());
    }
    Map<String, Set<String>> linesOfRoot = new HashMap<>();
    for (Station station : stations) {
      linesOfRoot.put(station.id(), new HashSet<>(Set.of(station.line())));
    }
    for (Stop[] link : links) {
      String a = root(parent, link[0].id);
      String b = root(parent, link[1].id);
      if (a.equals(b)) {
        continue;
      }
      Set<String> la = linesOfRoot.get(a);
      Set<String> lb = linesOfRoot.get(b);
      if (la.stream().anyMatch(lb::contains)) {
        continue;
      }
      parent.put(b, a);
      la.addAll(lb);
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Station station : stations) {
      groups.computeIfAbsent(root(parent, station.id()), r -> new ArrayList<>()).add(station.id());
    }
    int number = 1;
    for (List<String> group : groups.values()) {
      if (group.size() > 1) {
        interchanges.add(new Interchange(String.format(Locale.ROOT, "X%03d", number++), group));
      }
    }
  }

  private static String root(Map<String, String> parent, String id) {
    String r = id;
    while (!parent.get(r).equals(r)) {
      r = parent.get(r);
    }
    return r;
  }

  /** Feeder bus routes from outer metro termini, sideways through the suburbs. */
  private void addBuses(List<List<Stop>> radial) {
    for (int b = 0; b < settings.busRoutes(); b++) {
      List<Stop> line = radial.get(b % radial.size());
      boolean first = (b % radial.size() + b / radial.size()) % 2 == 0;
      Stop terminus = first ? line.get(0) : line.get(line.size() - 1);
      double heading = angleOf(terminus.x, terminus.y) + StrictMath.PI / 2 * (b % 3 == 0 ? 1 : -1);
      int count = 8 + random.nextInt(5);
      List<Stop> stops = new ArrayList<>();
      double x = terminus.x + 0.15;
      double y = terminus.y + 0.15;
      for (int s = 0; s < count; s++) {
        stops.add(new Stop(s, x, y));
        heading += (random.nextDouble() - 0.5) * 0.5;
        double step = 0.5 + random.nextDouble() * 0.4;
        x += step * StrictMath.cos(heading);
        y += step * StrictMath.sin(heading);
      }
      String id = String.format(Locale.ROOT, "B%02d", b + 1);
      addLine(new Line(id, "Bus " + (101 + b * 7), "buses", Mode.BUS, false), stops);
      interchanges.add(
          new Interchange(
              String.format(Locale.ROOT, "XB%02d", b + 1), List.of(terminus.id, stops.get(0).id)));
    }
  }

  private String name() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      String root = ROOTS[random.nextInt(ROOTS.length)];
      String name = String.format(Locale.ROOT, FORMS[random.nextInt(FORMS.length)], root);
      if (names.add(name)) {
        return name;
      }
    }
    throw new IllegalStateException("ran out of station names");
  }

  private static double metres(double km) {
    return StrictMath.rint(km * 1000) / 1000;
  }
}
