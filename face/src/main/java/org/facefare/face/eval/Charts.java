package org.facefare.face.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Renders the evaluation's PNG plots with JFreeChart, headless. */
final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 650;
  private static final int BINS = 80;
  private static final double SMALLEST_RATE = 1e-6;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** One labelled DET curve. */
  record Curve(String label, List<DetPoint> points) {}

  private Charts() {}

  /** FNMR against FMR on log axes, one line per curve; points with a zero rate are off the axes. */
  static void det(String title, List<Curve> curves, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    double lowest = 1;
    for (Curve c : curves) {
      XYSeries series = new XYSeries(c.label(), false, true);
      for (DetPoint p : c.points()) {
        if (p.fmr() > 0 && p.fnmr() > 0) {
          series.add(p.fmr(), p.fnmr());
          lowest = Math.min(lowest, Math.min(p.fmr(), p.fnmr()));
        }
      }
      data.addSeries(series);
    }
    // A perfectly separated run has no point with both rates above zero: keep a decade of axis.
    double floor =
        Math.max(SMALLEST_RATE, Math.min(0.1, Math.pow(10, Math.floor(Math.log10(lowest)))));
    XYSeries diagonal = new XYSeries("FMR = FNMR", false, true);
    diagonal.add(floor, floor);
    diagonal.add(1, 1);
    data.addSeries(diagonal);

    LogAxis fmr = logAxis("FMR (false match rate)", floor);
    LogAxis fnmr = logAxis("FNMR (false non-match rate)", floor);
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < curves.size(); i++) {
      lines.setSeriesStroke(i, new BasicStroke(2f));
    }
    lines.setSeriesPaint(curves.size(), Color.GRAY);
    lines.setSeriesStroke(
        curves.size(),
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f}, 0f));
    XYPlot plot = new XYPlot(data, fmr, fnmr, lines);
    save(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), png);
  }

  /** Genuine and impostor score densities (each integrating to 1) on one histogram. */
  static void histogram(String title, PairScores scores, Path png) throws IOException {
    double[] genuine = scores.genuineView();
    double[] impostor = scores.impostorView();
    double min = Math.min(first(genuine), first(impostor));
    double max = Math.max(last(genuine), last(impostor));
    if (!(max > min)) {
      max = min + 1;
    }
    HistogramDataset data = new HistogramDataset();
    data.setType(HistogramType.SCALE_AREA_TO_1);
    if (genuine.length > 0) {
      data.addSeries("genuine (" + genuine.length + " pairs)", genuine, BINS, min, max);
    }
    if (impostor.length > 0) {
      data.addSeries("impostor (" + impostor.length + " pairs)", impostor, BINS, min, max);
    }
    XYBarRenderer bars = new XYBarRenderer();
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, new Color(0, 114, 178));
    bars.setSeriesPaint(1, new Color(213, 94, 0));
    XYPlot plot =
        new XYPlot(
            data, new NumberAxis("score (higher = more similar)"), new NumberAxis("density"), bars);
    plot.setForegroundAlpha(0.55f);
    save(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), png);
  }

  private static LogAxis logAxis(String label, double floor) {
    LogAxis axis = new LogAxis(label);
    axis.setSmallestValue(floor);
    axis.setRange(floor, 1);
    axis.setTickUnit(new NumberTickUnit(1));
    return axis;
  }

  private static double first(double[] ascending) {
    return ascending.length == 0 ? Double.POSITIVE_INFINITY : ascending[0];
  }

  private static double last(double[] ascending) {
    return ascending.length == 0 ? Double.NEGATIVE_INFINITY : ascending[ascending.length - 1];
  }

  private static void save(JFreeChart chart, Path png) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }
}
