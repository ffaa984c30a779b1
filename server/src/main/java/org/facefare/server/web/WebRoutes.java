package org.facefare.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The routes the web features add, each with the access it requires. */
public final class WebRoutes {

  /** One route. */
  record Route(String method, String path, Access access, WebHandler handler, SseHandler sse) {}

  private final List<Route> routes = new ArrayList<>();

  WebRoutes() {}

  /** A {@code GET} route. */
  public WebRoutes get(String path, Access access, WebHandler handler) {
    return add("GET", path, access, Objects.requireNonNull(handler, "handler"), null);
  }

  /** A {@code POST} route; its requests are checked for the session's CSRF token first. */
  public WebRoutes post(String path, Access access, WebHandler handler) {
    return add("POST", path, access, Objects.requireNonNull(handler, "handler"), null);
  }

  /** A server-sent-events stream. */
  public WebRoutes sse(String path, Access access, SseHandler handler) {
    return add("SSE", path, access, null, Objects.requireNonNull(handler, "handler"));
  }

  List<Route> all() {
    return List.copyOf(routes);
  }

  private WebRoutes add(String method, String path, Access access, WebHandler h, SseHandler s) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a route's path starts with '/': " + path);
    }
    for (Route r : routes) {
      if (r.path().equals(path) && r.method().equals(method)) {
        throw new IllegalArgumentException("two routes for " + method + " " + path);
      }
    }
    routes.add(new Route(method, path, access, h, s));
    return this;
  }
}
