package org.facefare.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.SignedGateRequest;
import org.facefare.gate.transport.GateDecisionCodec;
import org.facefare.gate.transport.GateHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {

  private static final long MS = 1_000_000L;

  private Server server;
  private final AtomicInteger connections = new AtomicInteger();

  /** A server that answers NO_MATCH after {@code delayMs}, and 400 to gate "bad". */
  private URI start(long delayMs, Duration idleTimeout) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setIdleTimeout(idleTimeout.toMillis());
    connector.addEventListener(
        new org.eclipse.jetty.io.Connection.Listener() {
          @Override
          public void onOpened(org.eclipse.jetty.io.Connection c) {
            connections.incrementAndGet();
          }
        });
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Thread.sleep(delayMs);
            if ("bad".equals(request.getHeaders().get(GateHeaders.GATE))) {
              response.setStatus(400);
              response.write(
                  true, ByteBuffer.wrap("no".getBytes(StandardCharsets.UTF_8)), callback);
              return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(
                true,
                ByteBuffer.wrap(
                    GateDecisionCodec.write(new GateDecision.Deny(DenyReason.NO_MATCH))),
                callback);
            return true;
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  private static SignedGateRequest request(String gate) {
    return new SignedGateRequest(gate, "{}".getBytes(StandardCharsets.UTF_8), new byte[64]);
  }

  @Test
  void latencyCountsFromTheArrivalAndOnlyTheWindowsArrivalsAreTallied() throws Exception {
    URI uri = start(40, Duration.ofSeconds(10));
    try (OpenLoopLoad load =
        new OpenLoopLoad(uri, 1, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
      long t0 = System.nanoTime() + 50 * MS;
      List<OpenLoopLoad.Arrival> arrivals = new ArrayList<>();
      // One connection, ten arrivals 5 ms apart at a server taking 40 ms: they queue, so the
      // later ones wait for the earlier ones, and that wait is counted.
      for (int i = 0; i < 10; i++) {
        arrivals.add(new OpenLoopLoad.Arrival(t0 + i * 5 * MS, request(i == 9 ? "bad" : "g")));
      }
      OpenLoopLoad.Outcome o = load.run(arrivals, t0 + 5 * MS, t0 + 1_000 * MS);

      assertThat(o.sortedMillis()).hasSize(9);
      assertThat(o.outcomes()).containsEntry("NO_MATCH", 8).containsEntry("HTTP_400", 1);
      assertThat(o.sortedMillis()[0]).isGreaterThanOrEqualTo(40);
      // The last of the queue waited for the nine before it on the one connection.
      assertThat(o.sortedMillis()[8]).isGreaterThanOrEqualTo(9 * 40 - 9 * 5);
      assertThat(o.failure()).startsWith("HTTP 400");
      // Answers come 40 ms apart from t0 + 40 ms on, all inside the window: the first arrival's
      // answer counts as answered in it though the arrival itself came before it.
      assertThat(o.answeredInWindow()).isEqualTo(10);
    }
  }

  @Test
  void theClientClosesAnIdleConnectionItself() throws Exception {
    // The server would keep it for 10 s: a new connection the second time means the client
    // closed it. The client's idle timeout also bounds the wait for an answer, so it is kept well
    // above a loaded machine's first request.
    URI uri = start(0, Duration.ofSeconds(10));
    try (OpenLoopLoad load =
        new OpenLoopLoad(uri, 4, Duration.ofMillis(1_500), Duration.ofSeconds(5))) {
      for (int round = 0; round < 2; round++) {
        long t0 = System.nanoTime() + 10 * MS;
        OpenLoopLoad.Outcome o =
            load.run(List.of(new OpenLoopLoad.Arrival(t0, request("g"))), t0, t0 + 10_000 * MS);
        assertThat(o.outcomes()).as("first failure: %s", o.failure()).containsOnlyKeys("NO_MATCH");
        if (round == 0) {
          Thread.sleep(2_500);
        }
      }
      assertThat(connections.get()).isEqualTo(2);
    }
  }

  @Test
  void anUnreachableAuthorityIsUnavailableWithItsReason() throws Exception {
    URI uri = start(0, Duration.ofSeconds(10));
    server.stop();
    try (OpenLoopLoad load =
        new OpenLoopLoad(uri, 1, Duration.ofSeconds(5), Duration.ofSeconds(2))) {
      long t0 = System.nanoTime();
      OpenLoopLoad.Outcome o =
          load.run(List.of(new OpenLoopLoad.Arrival(t0, request("g"))), t0, t0 + MS);
      assertThat(o.outcomes()).containsOnlyKeys("UNAVAILABLE");
      assertThat(o.failure()).isNotBlank();
    }
  }
}
