package org.facefare.server.web;

/** A route's handler: given the request with its session, account and view, it answers. */
@FunctionalInterface
public interface WebHandler {

  /** Answers {@code request}. */
  void handle(WebRequest request) throws Exception;
}
