package org.facefare.gate.transport;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.facefare.gate.protocol.SignedGateRequest;

/**
 * The gate's side of the wire: posts a signed request and returns the authority's decision, or
 * {@link AuthorityAnswer.Unavailable} within the deadline.
 *
 * <p>A gate must answer its rider fast even when the authority is down, so every call has a hard
 * deadline (the request's total timeout), and a circuit breaker (resilience4j; Nygard, "Release
 * It!", ch. 5) stops calling an authority that keeps failing or timing out: while it is open the
 * gate answers "use your card" at once, and it probes again after the wait. A {@code 4xx} answer
 * means the authority is healthy but refused the request (a gate bug): it is unavailable for this
 * rider but does not trip the breaker. The gate never holds a copy of the gallery.
 *
 * <p>Rationale. The client is Jetty's, the same HTTP stack as the authority's endpoint: the JDK's
 * client hands every exchange from the caller to its selector thread and back through an executor,
 * and was 13 % of the JVM's CPU samples in the authority bench, whose gates it drives. Jetty's
 * client writes a request from the calling thread and wakes it from the selector with the answer.
 * Host names are checked against the authority's certificate (HTTPS endpoint identification).
 */
public final class AuthorityClient implements AutoCloseable {

  /** The name its threads' names start with. */
  public static final String THREADS = "gate-http-client";

  /** The most connections to the authority: one per gate in flight. */
  private static final int MAX_CONNECTIONS = 512;

  private final URI decisions;
  private final Duration deadline;
  private final HttpClient http;
  private final CircuitBreaker breaker;

  /**
   * A client.
   *
   * @param authority the authority's base URI
   * @param deadline the longest a call may take
   * @param breaker the circuit breaker (see {@link #defaultBreaker})
   */
  public AuthorityClient(URI authority, Duration deadline, CircuitBreaker breaker) {
    this(authority, deadline, breaker, Optional.empty());
  }

  /**
   * A client that trusts the given TLS context for an {@code https} authority.
   *
   * @param authority the authority's base URI
   * @param deadline the longest a call may take
   * @param breaker the circuit breaker (see {@link #defaultBreaker})
   * @param trust whom to trust (see {@link GateTrust#trusting}); empty: the JDK's default CAs
   * @throws IllegalStateException if the HTTP client cannot start
   */
  public AuthorityClient(
      URI authority, Duration deadline, CircuitBreaker breaker, Optional<SSLContext> trust) {
    Objects.requireNonNull(trust, "trust");
    this.decisions =
        Objects.requireNonNull(authority, "authority").resolve(GateHeaders.DECISIONS_PATH);
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    SslContextFactory.Client tls = new SslContextFactory.Client();
    trust.ifPresent(tls::setSslContext);
    tls.setEndpointIdentificationAlgorithm("HTTPS");
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName(THREADS);
    threads.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    connector.setConnectTimeout(deadline);
    connector.setExecutor(threads);
    this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
    http.setExecutor(threads);
    http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
    http.setUserAgentField(null);
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the gate's HTTP client: " + e.getMessage(), e);
    }
  }

  /**
   * A breaker that opens when half of the last 20 calls (at least 5) failed or ran past the
   * deadline, and probes again after {@code openWait}.
   */
  public static CircuitBreaker defaultBreaker(String name, Duration deadline, Duration openWait) {
    return CircuitBreaker.of(
        name,
        CircuitBreakerConfig.custom()
            .slidingWindowSize(20)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .slowCallDurationThreshold(deadline)
            .slowCallRateThreshold(50)
            .waitDurationInOpenState(openWait)
            .permittedNumberOfCallsInHalfOpenState(2)
            .build());
  }

  /** Asks the authority; never throws for a network or server failure. */
  public AuthorityAnswer decide(SignedGateRequest request) {
    if (!breaker.tryAcquirePermission()) {
      return new AuthorityAnswer.Unavailable("circuit breaker open", false);
    }
    long start = System.nanoTime();
    String signature = Base64.getEncoder().encodeToString(request.signature());
    try {
      ContentResponse response =
          http.newRequest(decisions)
              .method(HttpMethod.POST)
              .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .headers(
                  h ->
                      h.put(GateHeaders.GATE, request.gateId())
                          .put(GateHeaders.SIGNATURE, signature))
              .body(new BytesRequestContent("application/json", request.body()))
              .send();
      long took = System.nanoTime() - start;
      int status = response.getStatus();
      if (status == 200) {
        AuthorityAnswer answer =
            new AuthorityAnswer.Decided(GateDecisionCodec.read(response.getContent()));
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        return answer;
      }
      if (status >= 400 && status < 500) {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        return new AuthorityAnswer.Unavailable(
            "authority refused the request (" + status + "): " + response.getContentAsString(),
            false);
      }
      IOException failure = new IOException("authority answered " + status);
      breaker.onError(took, TimeUnit.NANOSECONDS, failure);
      return new AuthorityAnswer.Unavailable(failure.getMessage(), true);
    } catch (TimeoutException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      return new AuthorityAnswer.Unavailable(
          "no answer within " + deadline.toMillis() + " ms", true);
    } catch (ExecutionException | IllegalArgumentException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
      return new AuthorityAnswer.Unavailable("authority unreachable: " + cause.getMessage(), true);
    } catch (InterruptedException e) {
      breaker.releasePermission();
      Thread.currentThread().interrupt();
      return new AuthorityAnswer.Unavailable("interrupted", false);
    }
  }

  /**
   * Stops the client's connections and threads.
   *
   * @throws IllegalStateException if Jetty fails to stop
   */
  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the gate's HTTP client", e);
    }
  }
}
