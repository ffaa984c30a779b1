package org.facefare.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.SignedGateRequest;
import org.facefare.gate.transport.GateDecisionCodec;
import org.facefare.gate.transport.GateHeaders;

/**
 * An open-loop load generator for the fare authority: signed gate requests, prepared in advance,
 * each sent at its arrival time whatever the earlier ones' answers, over Jetty's asynchronous HTTP
 * client.
 *
 * <p>Rationale. On a two-core machine the load generator takes its CPU from the authority it
 * measures. Gates sign on their own hardware, and a request's arrival does not wait for another's
 * answer, so the generator here does as little as a load generator can (as wrk2 does, Tene, "How
 * NOT to Measure Latency", 2015): the requests are the gates' own bytes, signed before the phase
 * starts; one thread sends each at its time; the answers come back on the client's selector and are
 * timed from the request's arrival, so waiting for a connection or in the authority's queues counts
 * (no coordinated omission). The client's idle timeout is shorter than the authority's, so the
 * client closes an idle connection before the server can, and no request goes out on a connection
 * the server has just closed (a POST cannot be retried on another).
 */
final class OpenLoopLoad implements AutoCloseable {

  /** The prefix of its threads' names: the sender's, the client's pool's and its timer's. */
  static final String THREADS = "bench-open-loop";

  /** A request to send: when it arrives ({@link System#nanoTime()}) and what is sent. */
  record Arrival(long dueNanos, SignedGateRequest request) {

    /** Checks the request. */
    Arrival {
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * What a phase gave: the latencies of the arrivals in the measured window, sorted; their
   * outcomes' counts (a deny reason, {@code OPEN}, {@code HTTP_<status>} or {@code UNAVAILABLE});
   * the answers that came back within the window; the first failure's message, or null.
   */
  record Outcome(
      double[] sortedMillis,
      Map<String, Integer> outcomes,
      long answeredInWindow,
      String failure) {}

  private final HttpClient http;
  private final URI decisions;
  private final Duration deadline;

  /**
   * Starts the client.
   *
   * @param authority the authority's base URI
   * @param maxConnections the most connections, so the most requests in flight (the others wait)
   * @param idleTimeout how long a connection may stay idle, waiting for an answer included: shorter
   *     than the authority's
   * @param deadline how long a request may take before it counts as {@code UNAVAILABLE}
   * @throws IllegalStateException if the client cannot start
   */
  OpenLoopLoad(URI authority, int maxConnections, Duration idleTimeout, Duration deadline) {
    this.decisions = authority.resolve(GateHeaders.DECISIONS_PATH);
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName(THREADS);
    threads.setDaemon(true);
    http = new HttpClient();
    http.setExecutor(threads);
    http.setScheduler(new ScheduledExecutorScheduler(THREADS + "-timer", true));
    http.setMaxConnectionsPerDestination(maxConnections);
    http.setMaxRequestsQueuedPerDestination(1 << 22);
    http.setIdleTimeout(idleTimeout.toMillis());
    http.setUserAgentField(null);
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the load's HTTP client: " + e.getMessage(), e);
    }
  }

  /**
   * Sends every arrival at its time (they must be in order), waits for all answers, and tallies
   * those that arrived in {@code [measureFrom, measureTo)}.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  Outcome run(List<Arrival> arrivals, long measureFrom, long measureTo)
      throws InterruptedException {
    int n = arrivals.size();
    double[] millis = new double[n];
    String[] outcomes = new String[n];
    LongAdder answeredInWindow = new LongAdder();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch answered = new CountDownLatch(n);
    Base64.Encoder base64 = Base64.getEncoder();
    Thread sender =
        Thread.ofPlatform()
            .name(THREADS + "-sender")
            .start(
                () -> {
                  for (int i = 0; i < n; i++) {
                    Arrival a = arrivals.get(i);
                    for (long wait; (wait = a.dueNanos() - System.nanoTime()) > 0; ) {
                      LockSupport.parkNanos(wait);
                    }
                    int k = i;
                    SignedGateRequest r = a.request();
                    http.newRequest(decisions)
                        .method(HttpMethod.POST)
                        .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .headers(
                            h ->
                                h.put(GateHeaders.GATE, r.gateId())
                                    .put(
                                        GateHeaders.SIGNATURE,
                                        base64.encodeToString(r.signature())))
                        .body(new BytesRequestContent("application/json", r.body()))
                        .send(
                            new BufferingResponseListener(64 * 1024) {
                              @Override
                              public void onComplete(Result result) {
                                long end = System.nanoTime();
                                millis[k] = (end - a.dueNanos()) / 1e6;
                                outcomes[k] = outcome(result, getContent(), failure);
                                if (end >= measureFrom && end < measureTo) {
                                  answeredInWindow.increment();
                                }
                                answered.countDown();
                              }
                            });
                  }
                });
    sender.join();
    if (!answered.await(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          answered.getCount() + " requests had no answer, not even a failure, past their deadline");
    }
    int measured = 0;
    for (Arrival a : arrivals) {
      if (a.dueNanos() >= measureFrom && a.dueNanos() < measureTo) {
        measured++;
      }
    }
    double[] window = new double[measured];
    Map<String, Integer> counts = new TreeMap<>();
    int m = 0;
    for (int i = 0; i < n; i++) {
      long due = arrivals.get(i).dueNanos();
      if (due >= measureFrom && due < measureTo) {
        window[m++] = millis[i];
        counts.merge(outcomes[i], 1, Integer::sum);
      }
    }
    Arrays.sort(window);
    return new Outcome(window, counts, answeredInWindow.sum(), failure.get());
  }

  private static String outcome(Result result, byte[] content, AtomicReference<String> failure) {
    if (result.isFailed()) {
      failure.compareAndSet(null, String.valueOf(result.getFailure()));
      return "UNAVAILABLE";
    }
    int status = result.getResponse().getStatus();
    if (status != 200) {
      failure.compareAndSet(null, "HTTP " + status + ": " + new String(content));
      return "HTTP_" + status;
    }
    return GateDecisionCodec.read(content) instanceof GateDecision.Deny deny
        ? deny.reason().name()
        : "OPEN";
  }

  /**
   * Stops the client.
   *
   * @throws IllegalStateException if it cannot stop
   */
  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the load's HTTP client: " + e.getMessage(), e);
    }
  }
}
