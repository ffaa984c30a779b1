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
    HistogramDataset d = new HistogramDataset();
    d.addSeries("frame latency", millis, 40);
    JFreeChart chart =
        ChartFactory.createHistogram(
            "Gate pipeline latency per 640x480 frame (one thread)",
            "milliseconds",
            "frames",
            d,
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 800, 450);
  }
}
