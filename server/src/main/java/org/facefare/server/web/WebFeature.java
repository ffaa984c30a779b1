package org.facefare.server.web;

/** One part of the web apps (the rider portal, the operator console, ...) that adds its routes. */
@FunctionalInterface
public interface WebFeature {

  /** Adds this feature's routes. */
  void register(WebRoutes routes);
}
