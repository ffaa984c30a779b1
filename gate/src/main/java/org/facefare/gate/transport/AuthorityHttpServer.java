package org.facefare.gate.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.facefare.gate.authority.FareAuthority;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequestCodec;
import org.facefare.gate.protocol.MalformedRequestException;
import org.facefare.gate.protocol.SignedGateRequest;

/**
 * The fare authority's HTTP endpoint: one route that takes a signed gate request and answers with a
 * decision.
 *
 * <p>{@code POST /v1/gate/decisions} with the JSON body, the {@code FaceFare-Gate} and {@code
 * FaceFare-Signature} headers; the answer is {@code 200} with a decision (a refusal such as {@code
 * BAD_SIGNATURE} or {@code REPLAYED} is a decision too), {@code 400} for a body or headers that are
 * not the protocol, {@code 405} for another method, {@code 404} for another path, {@code 413} for
 * an oversized body, {@code 415} for a body that is not JSON. A client that sends slower than the
 * idle timeout is disconnected, so slow clients cannot hold the authority's threads. With a {@link
 * ServerTls} identity the endpoint serves HTTPS only (TLS 1.2 or 1.3, Jetty's default cipher
 * suites); without one it serves plain HTTP, meant for localhost. The protocol is described in
 * {@code docs/api/gate-protocol.yaml} (OpenAPI 3.1).
 *
 * <p>Rationale. The endpoint is one route on the authority's hot path, served by a Jetty core
 * handler rather than a web framework: a framework's servlet stack (request and response wrappers,
 * routing, context objects, the servlet API's streams) was about a tenth of the authority's CPU in
 * async-profiler's samples of the authority bench, and Jetty 12's core API serves the same HTTP/1.1
 * and TLS with the body read straight into one array (the Jetty 12 Programming Guide, "Server
 * Handlers"). The handler blocks its pool thread while the authority decides (the ledger's group
 * commit), which a core handler's default blocking invocation type allows.
 */
public final class AuthorityHttpServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AuthorityHttpServer.class.getName());

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String JSON_TYPE = "application/json";

  /** The request threads at most: blocked ones wait on the ledger's commit, not on the CPU. */
  private static final int MAX_THREADS = 200;

  /** How much of an oversized body is read and dropped so that its sender can read the refusal. */
  private static final long DRAIN_BYTES = 1 << 20;

  private final Server server;
  private final ServerConnector connector;
  private final String host;
  private final boolean tls;

  private AuthorityHttpServer(Server server, ServerConnector connector, String host, boolean tls) {
    this.server = server;
    this.connector = connector;
    this.host = host;
    this.tls = tls;
  }

  /**
   * Starts the endpoint over plain HTTP.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, or 0 for any free one
   * @param idleTimeout how long a connection may stay silent, mid-request included
   */
  public static AuthorityHttpServer start(
      FareAuthority authority, String host, int port, Duration idleTimeout) {
    return start(authority, host, port, idleTimeout, Optional.empty());
  }

  /**
   * Starts the endpoint, over HTTPS when {@code tls} is given.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, or 0 for any free one
   * @param idleTimeout how long a connection may stay silent, mid-request included
   * @param tls the authority's TLS identity, or empty for plain HTTP
   * @throws IllegalStateException if the endpoint cannot start (the port is taken, the key store
   *     cannot be read)
   */
  public static AuthorityHttpServer start(
      FareAuthority authority,
      String host,
      int port,
      Duration idleTimeout,
      Optional<ServerTls> tls) {
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(tls, "tls");
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
    threads.setName("authority-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    HttpConnectionFactory plain = new HttpConnectionFactory(http);
    ServerConnector connector =
        tls.isEmpty()
            ? new ServerConnector(server, plain)
            : new ServerConnector(
                server, new SslConnectionFactory(sslContextFactory(tls.get()), "http/1.1"), plain);
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    server.setHandler(new Decisions(authority));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "cannot start the authority's endpoint on " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
    return new AuthorityHttpServer(server, connector, host, tls.isPresent());
  }

  private static SslContextFactory.Server sslContextFactory(ServerTls tls) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(tls.keyStore());
    factory.setKeyStorePassword(new String(tls.password()));
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    return factory;
  }

  /** The one route. */
  private static final class Decisions extends Handler.Abstract {

    private final FareAuthority authority;

    Decisions(FareAuthority authority) {
      this.authority = authority;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      if (!GateHeaders.DECISIONS_PATH.equals(Request.getPathInContext(request))) {
        return false;
      }
      if (!HttpMethod.POST.is(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.POST.asString());
        error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use POST");
        return true;
      }
      try {
        decide(request, response, callback);
      } catch (MalformedRequestException e) {
        error(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "the authority failed on a request", e);
        error(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "the authority failed");
      }
      return true;
    }

    private void decide(Request request, Response response, Callback callback) {
      String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
      if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON_TYPE)) {
        error(
            response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "body must be " + JSON_TYPE);
        return;
      }
      String gate = request.getHeaders().get(GateHeaders.GATE);
      String signature = request.getHeaders().get(GateHeaders.SIGNATURE);
      if (gate == null || gate.isBlank() || signature == null) {
        error(
            response,
            callback,
            HttpStatus.BAD_REQUEST_400,
            "headers " + GateHeaders.GATE + " and " + GateHeaders.SIGNATURE + " are required");
        return;
      }
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(signature.trim());
      } catch (IllegalArgumentException e) {
        error(
            response,
            callback,
            HttpStatus.BAD_REQUEST_400,
            "header " + GateHeaders.SIGNATURE + " is not base64");
        return;
      }
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readNBytes(GateRequestCodec.MAX_BODY_BYTES + 1);
        if (body.length > GateRequestCodec.MAX_BODY_BYTES) {
          // Read on (to a bound) so that the client, still sending, gets the answer and not a
          // reset connection; past the bound the connection is closed with the answer.
          if (!drained(in)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
          }
          error(
              response,
              callback,
              HttpStatus.PAYLOAD_TOO_LARGE_413,
              "body exceeds the limit of " + GateRequestCodec.MAX_BODY_BYTES + " bytes");
          return;
        }
      } catch (IOException e) {
        // The client went away or was cut off by the idle timeout mid-body: nothing was decided,
        // so nothing is charged.
        callback.failed(e);
        return;
      }
      GateDecision decision = authority.decide(new SignedGateRequest(gate, body, sig));
      write(response, callback, HttpStatus.OK_200, GateDecisionCodec.write(decision));
    }

    /** Reads {@code in} to its end if that comes within {@link #DRAIN_BYTES}. */
    private static boolean drained(InputStream in) throws IOException {
      byte[] sink = new byte[8192];
      for (long read = 0; read <= DRAIN_BYTES; ) {
        int n = in.read(sink);
        if (n < 0) {
          return true;
        }
        read += n;
      }
      return false;
    }
  }

  private static void error(Response response, Callback callback, int status, String message) {
    try {
      write(response, callback, status, JSON.writeValueAsBytes(Map.of("error", message)));
    } catch (JsonProcessingException e) {
      callback.failed(e);
    }
  }

  private static void write(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The base URI, e.g. {@code http://127.0.0.1:41234} or {@code https://…} with TLS. */
  public URI uri() {
    return URI.create((tls ? "https://" : "http://") + host + ":" + port());
  }

  /**
   * Stops the endpoint.
   *
   * @throws IllegalStateException if Jetty fails to stop
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the authority's endpoint", e);
    }
  }
}
