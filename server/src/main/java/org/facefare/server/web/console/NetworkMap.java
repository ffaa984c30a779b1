package org.facefare.server.web.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.facefare.fares.network.Line;
import org.facefare.fares.network.Network;
import org.facefare.fares.network.Station;

/**
 * A schematic map of the network for an SVG: each line a polyline through its stations in order
 * (closed for a ring), each station a dot, placed from the stations' x/y kilometres.
 *
 * @param width the view box's width
 * @param height the view box's height
 * @param lines the lines, in the network's order
 * @param stations the stations
 */
public record NetworkMap(
    double width, double height, List<MapLine> lines, List<MapStation> stations) {

  /** The width of the view box; the height follows the network's aspect. */
  static final double WIDTH = 800;

  private static final double MARGIN = 16;

  /**
   * Colours for lines, by their index, chosen to stay apart for colour-blind readers (Okabe–Ito).
   */
  private static final List<String> PALETTE =
      List.of(
          "#d55e00", "#009e73", "#0072b2", "#56b4e9", "#e69f00", "#cc79a7", "#000000", "#f0e442",
          "#999999", "#882255", "#44aa99", "#117733");

  /**
   * A line on the map.
   *
   * @param id the line's id
   * @param name its name
   * @param colour its colour
   * @param points the SVG polyline points ("x,y x,y …")
   * @param ring whether the polyline closes
   */
  public record MapLine(String id, String name, String colour, String points, boolean ring) {}

  /**
   * A station on the map.
   *
   * @param id the station's id
   * @param name its name
   * @param line its line's id
   * @param colour its line's colour
   * @param x where
   * @param y where
   */
  public record MapStation(
      String id, String name, String line, String colour, double x, double y) {}

  /** The map of {@code network}. */
  public static NetworkMap of(Network network) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Station s : network.stations()) {
      minX = Math.min(minX, s.x());
      maxX = Math.max(maxX, s.x());
      minY = Math.min(minY, s.y());
      maxY = Math.max(maxY, s.y());
    }
    double spanX = Math.max(maxX - minX, 1e-3);
    double spanY = Math.max(maxY - minY, 1e-3);
    double scale = (WIDTH - 2 * MARGIN) / Math.max(spanX, spanY);
    double height = spanY * scale + 2 * MARGIN;
    double left = minX;
    double top = maxY;
    List<MapLine> lines = new ArrayList<>();
    List<MapStation> stations = new ArrayList<>();
    int i = 0;
    for (Line line : network.lines()) {
      String colour = PALETTE.get(i++ % PALETTE.size());
      List<Station> ordered = new ArrayList<>(network.stationsOf(line.id()));
      ordered.sort(Comparator.comparingInt(Station::seq));
      StringBuilder points = new StringBuilder();
      for (Station s : ordered) {
        double x = MARGIN + (s.x() - left) * scale;
        double y = MARGIN + (top - s.y()) * scale;
        if (!points.isEmpty()) {
          points.append(' ');
        }
        points.append(format(x)).append(',').append(format(y));
        stations.add(new MapStation(s.id(), s.name(), line.id(), colour, round(x), round(y)));
      }
      lines.add(new MapLine(line.id(), line.name(), colour, points.toString(), line.ring()));
    }
    return new NetworkMap(WIDTH, round(height), lines, stations);
  }

  /** The view box attribute's value. */
  public String viewBox() {
    return "0 0 " + format(width) + " " + format(height);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
