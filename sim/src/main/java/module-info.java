/** FaceFare's city simulator: seeded passages through gates, a fast clock, the outcome report. */
module org.facefare.sim {
  requires HdrHistogram;

  exports org.facefare.sim;
}
