package org.facefare.fares.network;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The referential-integrity rules of a network document: unique ids and resolvable references. */
final class NetworkChecks {

  /**
   * One broken rule.
   *
   * @param message what is wrong
   * @param path where, as field names and array indices from the document's root
   */
  record Issue(String message, Object... path) {}

  private NetworkChecks() {}

  static List<Issue> check(NetworkFile file) {
    List<Issue> issues = new ArrayList<>();
    try {
      ZoneId.of(file.timeZone());
    } catch (DateTimeException | NullPointerException e) {
      issues.add(new Issue("unknown time zone '" + file.timeZone() + "'", "timeZone"));
    }
    Map<String, Integer> operators = index(file.operators(), Operator::id, "operators", issues);
    Map<String, Integer> lines = index(file.lines(), Line::id, "lines", issues);
    Map<String, Integer> stations = index(file.stations(), Station::id, "stations", issues);
    Map<String, Integer> entrances = index(file.entrances(), Entrance::id, "entrances", issues);
    index(file.gates(), Gate::id, "gates", issues);
    index(file.interchanges(), Interchange::id, "interchanges", issues);

    for (int i = 0; i < file.lines().size(); i++) {
      Line line = file.lines().get(i);
      refer(operators, line.operator(), "operator", issues, "lines", i, "operator");
    }
    Map<String, Set<Integer>> seqs = new HashMap<>();
    Map<String, Integer> stationsPerLine = new HashMap<>();
    for (int i = 0; i < file.stations().size(); i++) {
      Station station = file.stations().get(i);
      if (refer(lines, station.line(), "line", issues, "stations", i, "line")) {
        stationsPerLine.merge(station.line(), 1, Integer::sum);
        if (!seqs.computeIfAbsent(station.line(), k -> new HashSet<>()).add(station.seq())) {
          issues.add(
              new Issue(
                  "seq " + station.seq() + " is used twice on line '" + station.line() + "'",
                  "stations",
                  i,
                  "seq"));
        }
      }
    }
    for (int i = 0; i < file.lines().size(); i++) {
      Line line = file.lines().get(i);
      int count = stationsPerLine.getOrDefault(line.id(), 0);
      if (count == 0) {
        issues.add(new Issue("line '" + line.id() + "' has no stations", "lines", i));
      } else if (line.ring() && count < 3) {
        issues.add(
            new Issue(
                "ring line '" + line.id() + "' has " + count + " stations; a ring needs 3",
                "lines",
                i,
                "ring"));
      }
    }
    Set<String> stationsWithEntrance = new HashSet<>();
    for (int i = 0; i < file.entrances().size(); i++) {
      Entrance entrance = file.entrances().get(i);
      if (refer(stations, entrance.station(), "station", issues, "entrances", i, "station")) {
        stationsWithEntrance.add(entrance.station());
      }
    }
    Set<String> entrancesWithGate = new HashSet<>();
    for (int i = 0; i < file.gates().size(); i++) {
      Gate gate = file.gates().get(i);
      if (refer(entrances, gate.entrance(), "entrance", issues, "gates", i, "entrance")) {
        entrancesWithGate.add(gate.entrance());
      }
    }
    for (int i = 0; i < file.stations().size(); i++) {
      if (!stationsWithEntrance.contains(file.stations().get(i).id())) {
        issues.add(
            new Issue(
                "station '" + file.stations().get(i).id() + "' has no entrance", "stations", i));
      }
    }
    for (int i = 0; i < file.entrances().size(); i++) {
      if (!entrancesWithGate.contains(file.entrances().get(i).id())) {
        issues.add(
            new Issue(
                "entrance '" + file.entrances().get(i).id() + "' has no gate", "entrances", i));
      }
    }
    checkInterchanges(file, stations, issues);
    return issues;
  }

  private static void checkInterchanges(
      NetworkFile file, Map<String, Integer> stations, List<Issue> issues) {
    Map<String, String> interchangeOf = new HashMap<>();
    for (int i = 0; i < file.interchanges().size(); i++) {
      Interchange interchange = file.interchanges().get(i);
      if (interchange.stations().size() < 2) {
        issues.add(
            new Issue(
                "interchange '" + interchange.id() + "' joins fewer than two stations",
                "interchanges",
                i,
                "stations"));
      }
      Set<String> linesSeen = new HashSet<>();
      for (int j = 0; j < interchange.stations().size(); j++) {
        String stationId = interchange.stations().get(j);
        if (!refer(stations, stationId, "station", issues, "interchanges", i, "stations", j)) {
          continue;
        }
        String line = file.stations().get(stations.get(stationId)).line();
        if (!linesSeen.add(line)) {
          issues.add(
              new Issue(
                  "interchange '" + interchange.id() + "' has two stations on line '" + line + "'",
                  "interchanges",
                  i,
                  "stations",
                  j));
        }
        String previous = interchangeOf.putIfAbsent(stationId, interchange.id());
        if (previous != null) {
          issues.add(
              new Issue(
                  "station '" + stationId + "' is already in interchange '" + previous + "'",
                  "interchanges",
                  i,
                  "stations",
                  j));
        }
      }
    }
  }

  private static <T> Map<String, Integer> index(
      List<T> items, Function<T, String> id, String field, List<Issue> issues) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Integer previous = index.putIfAbsent(id.apply(items.get(i)), i);
      if (previous != null) {
        issues.add(
            new Issue(
                "duplicate id '"
                    + id.apply(items.get(i))
                    + "' (first at "
                    + field
                    + "["
                    + previous
                    + "])",
                field,
                i,
                "id"));
      }
    }
    return index;
  }

  private static boolean refer(
      Map<String, Integer> index, String id, String kind, List<Issue> issues, Object... path) {
    if (index.containsKey(id)) {
      return true;
    }
    issues.add(new Issue("unknown " + kind + " '" + id + "'", path));
    return false;
  }
}
