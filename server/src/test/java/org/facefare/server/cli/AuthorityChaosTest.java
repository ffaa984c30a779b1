package org.facefare.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.facefare.face.Template;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.gate.transport.AuthorityAnswer;
import org.facefare.gate.transport.AuthorityClient;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.server.demo.DemoRunner;
import org.facefare.server.wiring.FaceFareSystem;
import org.facefare.sim.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos: the fare authority (a child JVM, {@code facefare authority}) is killed with {@code kill
 * -9} in the middle of a peak of signed requests from several gates and restarted over the same
 * data directory.
 *
 * <p>While it is down every gate answers "use your card" within its deadline; each request whose
 * answer was lost is retried after the restart with the same request id (as a gate's retry does),
 * and in the end no request was charged twice and every request answered OPEN is in the ledger's
 * {@code charge} table with the fare its receipt showed, and the ledger reconciles.
 */
class AuthorityChaosTest {

  static final int RIDERS = 40;
  static final int GATES = 4;
  static final Duration DEADLINE = Duration.ofMillis(600);

  @TempDir Path data;

  /** One request a gate sent: who it was for, and its last answer. */
  record Sent(UUID requestId, Instant issuedAt, int gate, int rider, Template probe) {}

  @Test
  void killingTheAuthorityMidPeakLosesNoChargeAndChargesNothingTwice() throws Exception {
    ModelProfile profile = ModelProfile.defaultModel().withRule(DemoRunner.RULE);
    SyntheticFaces crowd = new SyntheticFaces(profile.centre(), 11);
    List<String> gateIds;
    List<GateSigner> signers = new ArrayList<>();
    try (FaceFareSystem system = FaceFareSystem.builder(data).profile(profile).open()) {
      for (int i = 0; i < RIDERS; i++) {
        String id = "chaos-" + i;
        float[] t = crowd.capture(crowd.identity(i), new SplittableRandom(i));
        system
            .facePay()
            .enrol(
                new Pseudonym(id),
                ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
                List.of(Template.of(profile.modelId(), t)));
        RiderId rider = new RiderId(id);
        system.ledger().openWallet(rider, Money.currency("RUB"), "adult");
        system
            .ledger()
            .topUp(
                new TopUpRequest(
                    "chaos-top-up-" + i,
                    rider,
                    Money.of(SandboxPaymentProvider.LIMIT_MINOR, "RUB"),
                    SandboxPaymentProvider.APPROVE));
      }
      gateIds = system.network().gates().stream().limit(GATES).map(g -> g.id()).toList();
      for (String g : gateIds) {
        KeyPair pair = GateSigner.newKeyPair();
        system.gateKeys().register(g, pair.getPublic(), "chaos-test");
        signers.add(new GateSigner(g, pair.getPrivate(), new SecureRandom()));
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String[] args = {
      "authority",
      "--data",
      data.toString(),
      "--port",
      Integer.toString(port),
      "--threshold",
      Double.toString(DemoRunner.RULE.threshold()),
      "--margin",
      Double.toString(DemoRunner.RULE.margin()),
      "--clock-window",
      "10m"
    };
    URI uri = URI.create("http://127.0.0.1:" + port);

    Map<UUID, Long> openedFare = new ConcurrentHashMap<>();
    Set<UUID> issued = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Sent> unanswered = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> downLatencies = new ConcurrentLinkedQueue<>();
    AtomicInteger decided = new AtomicInteger();
    AtomicInteger openAnswers = new AtomicInteger();
    AtomicInteger decidedWhileDown = new AtomicInteger();
    AtomicBoolean down = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<AuthorityClient> clients = new ArrayList<>();
    for (int g = 0; g < GATES; g++) {
      clients.add(
          new AuthorityClient(
              uri,
              DEADLINE,
              AuthorityClient.defaultBreaker("gate-" + g, DEADLINE, Duration.ofMillis(300))));
    }

    ChildJvm authority = ChildJvm.start(data.resolve("logs"), "authority-1", Map.of(), args);
    ChildJvm restarted = null;
    try {
      authority.await(l -> l.startsWith("fare authority: "), Duration.ofMinutes(2));
      List<Thread> gates = new ArrayList<>();
      for (int g = 0; g < GATES; g++) {
        int gate = g;
        gates.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      SplittableRandom r = new SplittableRandom(100 + gate);
                      while (running.get()) {
                        int rider = r.nextInt(RIDERS);
                        Template probe =
                            Template.of(
                                profile.modelId(), crowd.capture(crowd.identity(rider), r.split()));
                        Sent sent = new Sent(UUID.randomUUID(), Instant.now(), gate, rider, probe);
                        issued.add(sent.requestId());
                        boolean wasDown = down.get();
                        long t0 = System.nanoTime();
                        AuthorityAnswer a = send(signers.get(gate), clients.get(gate), sent);
                        long took = System.nanoTime() - t0;
                        record(a, sent, openedFare, unanswered, decided, openAnswers);
                        // Only calls that ended before the second authority's JVM was started.
                        if (wasDown && down.get()) {
                          downLatencies.add(took);
                          if (!(a instanceof AuthorityAnswer.Unavailable)) {
                            decidedWhileDown.incrementAndGet();
                          }
                        }
                        if (a instanceof AuthorityAnswer.Unavailable) {
                          // The rider uses a card; the next one walks up a moment later.
                          try {
                            Thread.sleep(50);
                          } catch (InterruptedException e) {
                            return;
                          }
                        }
                      }
                    }));
      }
      awaitCount(decided, 150, Duration.ofMinutes(1));
      authority.kill();
      down.set(true);
      int decidedAtKill = decided.get();
      Thread.sleep(1_500);
      down.set(false);
      assertThat(downLatencies).as("requests made while the authority was down").isNotEmpty();
      restarted = ChildJvm.start(data.resolve("logs"), "authority-2", Map.of(), args);
      restarted.await(l -> l.startsWith("fare authority: "), Duration.ofMinutes(2));
      awaitCount(decided, decidedAtKill + 150, Duration.ofMinutes(1));
      running.set(false);
      for (Thread t : gates) {
        t.join(30_000);
      }
      int retried = 0;
      List<Sent> neverAnswered = new ArrayList<>();
      while (!unanswered.isEmpty()) {
        Sent s = unanswered.poll();
        AuthorityAnswer a = null;
        for (int attempt = 0; attempt < 50; attempt++) {
          a = send(signers.get(s.gate()), clients.get(s.gate()), s);
          if (a instanceof AuthorityAnswer.Decided) {
            break;
          }
          Thread.sleep(100);
        }
        retried++;
        if (a instanceof AuthorityAnswer.Unavailable) {
          neverAnswered.add(s);
        } else {
          record(a, s, openedFare, new ConcurrentLinkedQueue<>(), decided, openAnswers);
        }
      }
      assertThat(retried).as("requests whose answer was lost, retried").isPositive();
      assertThat(neverAnswered).as("requests the restarted authority never answered").isEmpty();
    } finally {
      authority.close();
      if (restarted != null) {
        restarted.close();
      }
    }

    for (long nanos : downLatencies) {
      assertThat(Duration.ofNanos(nanos))
          .as("a gate's answer while the authority is down")
          .isLessThanOrEqualTo(DEADLINE.plusMillis(400));
    }
    assertThat(openedFare).hasSizeGreaterThan(100);
    assertThat(decidedWhileDown).as("decisions from a killed authority").hasValue(0);
    assertThat(openAnswers.get()).isGreaterThanOrEqualTo(openedFare.size());
    try (FaceFareSystem system = FaceFareSystem.builder(data).profile(profile).open()) {
      Map<UUID, Long> charged = new HashMap<>();
      long fareEntries;
      long paidCharges;
      long orphanFares;
      try (Connection c = system.database().dataSource().getConnection();
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery("SELECT request_id, amount FROM fares.charge WHERE charged")) {
          while (rs.next()) {
            charged.put(UUID.fromString(rs.getString(1)), rs.getLong(2));
          }
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM fares.journal_entry WHERE kind = 'fare'),"
                    + " (SELECT count(*) FROM fares.charge WHERE charged AND amount > 0)")) {
          rs.next();
          fareEntries = rs.getLong(1);
          paidCharges = rs.getLong(2);
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM fares.journal_entry e WHERE e.kind = 'fare' AND NOT EXISTS"
                    + " (SELECT 1 FROM fares.charge c WHERE c.entry_id = e.id)")) {
          rs.next();
          orphanFares = rs.getLong(1);
        }
      }
      for (var e : openedFare.entrySet()) {
        assertThat(charged).as("request %s answered OPEN", e.getKey()).containsKey(e.getKey());
        assertThat(charged.get(e.getKey())).isEqualTo(e.getValue());
      }
      assertThat(issued).containsAll(charged.keySet());
      // A free ride (a transfer within its window, a cap reached) is charged 0 with no entry.
      assertThat(fareEntries).as("one fare entry per paid request").isEqualTo(paidCharges);
      assertThat(paidCharges).isPositive();
      assertThat(orphanFares).isZero();
      Set<UUID> unique = new HashSet<>(charged.keySet());
      assertThat(unique).hasSize(charged.size());
      assertThat(system.ledger().reconcile().ok()).isTrue();
      assertThat(system.gateKeys().gates()).hasSize(GATES);
    }
  }

  private static AuthorityAnswer send(GateSigner signer, AuthorityClient client, Sent s) {
    return client.decide(
        signer.sign(
            new GateRequest(
                signer.gateId(),
                s.requestId(),
                s.issuedAt(),
                signer.nonce(),
                s.probe(),
                0.9,
                List.of())));
  }

  private static void record(
      AuthorityAnswer a,
      Sent sent,
      Map<UUID, Long> openedFare,
      ConcurrentLinkedQueue<Sent> unanswered,
      AtomicInteger decided,
      AtomicInteger openAnswers) {
    switch (a) {
      case AuthorityAnswer.Decided d -> {
        decided.incrementAndGet();
        if (d.decision() instanceof GateDecision.Open o) {
          openAnswers.incrementAndGet();
          Long before = openedFare.putIfAbsent(sent.requestId(), o.receipt().fareMinor());
          assertThat(before == null || before == o.receipt().fareMinor()).isTrue();
        }
      }
      case AuthorityAnswer.Unavailable u -> {
        // A request the breaker held back never left the gate; any other may have been charged.
        if (u.retryable()) {
          unanswered.add(sent);
        }
      }
    }
  }

  private static void awaitCount(AtomicInteger n, int target, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (n.get() < target) {
      if (System.nanoTime() > end) {
        throw new AssertionError("only " + n.get() + " of " + target + " decisions in " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
