package org.facefare.fares.network;

import java.util.List;

/** The network document as written: flat lists that refer to each other by id. */
record NetworkFile(
    String id,
    String name,
    String timeZone,
    List<Operator> operators,
    List<Line> lines,
    List<Station> stations,
    List<Entrance> entrances,
    List<Gate> gates,
    List<Interchange> interchanges) {

  NetworkFile {
    operators = copy(operators);
    lines = copy(lines);
    stations = copy(stations);
    entrances = copy(entrances);
    gates = copy(gates);
    interchanges = copy(interchanges);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }
}
