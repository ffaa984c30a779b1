package org.facefare.server.web;

/**
 * One part of the web apps (the rider portal, the operator console, ...) that adds its routes, and
 * stops whatever it runs in the background when the web server stops.
 */
@FunctionalInterface
public interface WebFeature {

  /** Adds this feature's routes. */
  void register(WebRoutes routes);

  /** Stops the feature's background work (event pushes, timers); called once the server stopped. */
  default void close() {}
}
