package org.facefare.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.statistics.HistogramDataset;

/** Draws a latency histogram as a PNG. */
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
}
