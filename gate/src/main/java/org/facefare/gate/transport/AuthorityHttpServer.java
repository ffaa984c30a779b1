package org.facefare.gate.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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
 * not the protocol, {@code 413} for an oversized body, {@code 415} for a body that is not JSON. A
 * client that sends slower than the idle timeout is disconnected, so slow clients cannot hold the
 * authority's threads. With a {@link ServerTls} identity the endpoint serves HTTPS only (TLS 1.2 or
 * 1.3, Jetty's default cipher suites); without one it serves plain HTTP, meant for localhost. The
 * protocol is described in {@code docs/api/gate-protocol.yaml} (OpenAPI 3.1).
 */
public final class AuthorityHttpServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;
  private final String host;
  private final boolean tls;

  private AuthorityHttpServer(Javalin app, String host, boolean tls) {
    this.app = app;
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
   */
  public static AuthorityHttpServer start(
      FareAuthority authority,
      String host,
      int port,
      Duration idleTimeout,
      Optional<ServerTls> tls) {
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = GateRequestCodec.MAX_BODY_BYTES;
              config.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        tls.isEmpty()
                            ? new ServerConnector(server, new HttpConnectionFactory(http))
                            : new ServerConnector(
                                server,
                                new SslConnectionFactory(sslContextFactory(tls.get()), "http/1.1"),
                                new HttpConnectionFactory(http));
                    connector.setHost(host);
                    connector.setPort(port);
                    connector.setIdleTimeout(idleTimeout.toMillis());
                    return connector;
                  });
              config.routes.post(GateHeaders.DECISIONS_PATH, ctx -> decide(authority, ctx));
              config.routes.exception(
                  MalformedRequestException.class,
                  (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
            });
    app.start();
    return new AuthorityHttpServer(app, host, tls.isPresent());
  }

  private static SslContextFactory.Server sslContextFactory(ServerTls tls) {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(tls.keyStore());
    factory.setKeyStorePassword(new String(tls.password()));
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    return factory;
  }

  private static void decide(FareAuthority authority, Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      error(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "body must be application/json");
      return;
    }
    String gate = ctx.header(GateHeaders.GATE);
    String signature = ctx.header(GateHeaders.SIGNATURE);
    if (gate == null || gate.isBlank() || signature == null) {
      error(
          ctx,
          HttpStatus.BAD_REQUEST,
          "headers " + GateHeaders.GATE + " and " + GateHeaders.SIGNATURE + " are required");
      return;
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature.trim());
    } catch (IllegalArgumentException e) {
      error(ctx, HttpStatus.BAD_REQUEST, "header " + GateHeaders.SIGNATURE + " is not base64");
      return;
    }
    GateDecision decision = authority.decide(new SignedGateRequest(gate, ctx.bodyAsBytes(), sig));
    ctx.contentType("application/json").result(GateDecisionCodec.write(decision));
  }

  private static void error(Context ctx, HttpStatus status, String message) {
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(JSON.writeValueAsBytes(Map.of("error", message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error", e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** The base URI, e.g. {@code http://127.0.0.1:41234} or {@code https://…} with TLS. */
  public URI uri() {
    return URI.create((tls ? "https://" : "http://") + host + ":" + port());
  }

  /** Stops the endpoint. */
  @Override
  public void close() {
    app.stop();
  }
}
