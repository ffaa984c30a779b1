package org.facefare.gate.transport;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.facefare.gate.protocol.SignedGateRequest;

/**
 * The gate's side of the wire: posts a signed request and returns the authority's decision, or
 * {@link AuthorityAnswer.Unavailable} within the deadline.
 *
 * <p>A gate must answer its rider fast even when the authority is down, so every call has a hard
 * deadline (the JDK HTTP client's request timeout), and a circuit breaker (resilience4j; Nygard,
 * "Release It!", ch. 5) stops calling an authority that keeps failing or timing out: while it is
 * open the gate answers "use your card" at once, and it probes again after the wait. A {@code 4xx}
 * answer means the authority is healthy but refused the request (a gate bug): it is unavailable for
 * this rider but does not trip the breaker. The gate never holds a copy of the gallery.
 */
public final class AuthorityClient {

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
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(deadline).version(HttpClient.Version.HTTP_1_1);
    trust.ifPresent(builder::sslContext);
    this.http = builder.build();
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
    HttpRequest post =
        HttpRequest.newBuilder(decisions)
            .timeout(deadline)
            .header("Content-Type", "application/json")
            .header(GateHeaders.GATE, request.gateId())
            .header(GateHeaders.SIGNATURE, Base64.getEncoder().encodeToString(request.signature()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
      long took = System.nanoTime() - start;
      int status = response.statusCode();
      if (status == 200) {
        AuthorityAnswer answer =
            new AuthorityAnswer.Decided(GateDecisionCodec.read(response.body()));
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        return answer;
      }
      if (status >= 400 && status < 500) {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        return new AuthorityAnswer.Unavailable(
            "authority refused the request ("
                + status
                + "): "
                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
            false);
      }
      IOException failure = new IOException("authority answered " + status);
      breaker.onError(took, TimeUnit.NANOSECONDS, failure);
      return new AuthorityAnswer.Unavailable(failure.getMessage(), true);
    } catch (HttpTimeoutException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      return new AuthorityAnswer.Unavailable(
          "no answer within " + deadline.toMillis() + " ms", true);
    } catch (IOException | IllegalArgumentException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      return new AuthorityAnswer.Unavailable("authority unreachable: " + e.getMessage(), true);
    } catch (InterruptedException e) {
      breaker.releasePermission();
      Thread.currentThread().interrupt();
      return new AuthorityAnswer.Unavailable("interrupted", false);
    }
  }
}
