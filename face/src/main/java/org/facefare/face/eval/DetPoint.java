package org.facefare.face.eval;

/** One point of a detection error trade-off curve: the FMR and FNMR at one threshold. */
public record DetPoint(double fmr, double fnmr) {}
