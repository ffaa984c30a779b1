package org.facefare.server.web;

import io.javalin.http.sse.SseClient;

/** A server-sent-events route's handler: given the admitted request, it feeds the client. */
@FunctionalInterface
public interface SseHandler {

  /** Feeds {@code client}; {@code request} is the admitted request that opened the stream. */
  void handle(WebRequest request, SseClient client);
}
