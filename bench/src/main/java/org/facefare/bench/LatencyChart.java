package org.facefare.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws latency charts as PNGs: a histogram, and percentiles against the offered rate. */
final class LatencyChart {

  private LatencyChart() {}

  static void write(double[] millis, Path png) throws IOException {
    write(millis, png, "Gate pipeline latency per 640x480 frame (one thread)", "frames");
  }

  static void write(double[] millis, Path png, String title, String counted) throws IOException {
    HistogramDataset d = new HistogramDataset();
    d.addSeries("latency", millis, 40);
    JFreeChart chart =
        ChartFactory.createHistogram(
            title, "milliseconds", counted, d, PlotOrientation.VERTICAL, false, false, false);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 450);
  }

  /**
   * The median and the 99th percentile against the offered rate, with the bar as a line.
   *
   * @param rates the offered rates, a second
   * @param p50 the medians, ms
   * @param p99 the 99th percentiles, ms
   * @param barMs the latency bar, ms
   */
  static void writeAtRates(
      double[] rates, double[] p50, double[] p99, double barMs, Path png, String title)
      throws IOException {
    XYSeries median = new XYSeries("p50");
    XYSeries tail = new XYSeries("p99");
    for (int i = 0; i < rates.length; i++) {
      median.add(rates[i], p50[i]);
      tail.add(rates[i], p99[i]);
    }
    XYSeriesCollection d = new XYSeriesCollection();
    d.addSeries(median);
    d.addSeries(tail);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "offered decisions a second",
            "milliseconds, arrival to answer",
            d,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    ((XYLineAndShapeRenderer) plot.getRenderer()).setDefaultShapesVisible(true);
    ValueMarker bar = new ValueMarker(barMs);
    bar.setLabel("p99 bar " + (int) barMs + " ms");
    bar.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    bar.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(bar);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 450);
  }
}
