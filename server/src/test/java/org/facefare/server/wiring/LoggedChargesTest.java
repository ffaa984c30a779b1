package org.facefare.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.facefare.face.Template;
import org.facefare.fares.Money;
import org.facefare.fares.ledger.TopUpRequest;
import org.facefare.fares.wallet.RiderId;
import org.facefare.fares.wallet.SandboxPaymentProvider;
import org.facefare.gallery.ModelProfile;
import org.facefare.gallery.RiderKey;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.gate.protocol.GateDecision;
import org.facefare.gate.protocol.GateRequest;
import org.facefare.gate.protocol.GateSigner;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.TreeHead;
import org.facefare.server.demo.DemoRunner;
import org.facefare.sim.SyntheticFaces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authority's identifications are logged in the transaction that charges them: one entry per
 * request, retries included, for opened gates and for refusals for funds alike.
 */
class LoggedChargesTest {

  @TempDir static Path dir;
  private static FaceFareSystem system;
  private static ModelProfile profile;
  private static GateSigner signer;
  private static float[] paying;
  private static float[] broke;

  @BeforeAll
  static void open() throws java.io.IOException {
    profile = ModelProfile.defaultModel().withRule(DemoRunner.RULE);
    system = FaceFareSystem.builder(dir).profile(profile).open();
    SyntheticFaces crowd = new SyntheticFaces(profile.centre(), 7);
    paying = enrol(crowd, 1, "lc-paying", 10_000);
    broke = enrol(crowd, 2, "lc-broke", 0);
    String gate = system.network().gates().getFirst().id();
    KeyPair pair = GateSigner.newKeyPair();
    system.gateKeys().register(gate, pair.getPublic(), "test");
    signer = new GateSigner(gate, pair.getPrivate(), new SecureRandom());
  }

  private static float[] enrol(SyntheticFaces crowd, int identity, String rider, long funds) {
    float[] t = crowd.identity(identity);
    float[] centre = profile.centre();
    for (int i = 0; i < t.length; i++) {
      t[i] += centre[i];
    }
    system.gallery().enrol(new RiderKey(rider), List.of(Template.of(profile.modelId(), t)));
    system.ledger().openWallet(new RiderId(rider), Money.currency("RUB"), "adult");
    if (funds > 0) {
      system
          .ledger()
          .topUp(
              new TopUpRequest(
                  "lc-" + rider,
                  new RiderId(rider),
                  Money.of(funds, "RUB"),
                  SandboxPaymentProvider.APPROVE));
    }
    return t;
  }

  @AfterAll
  static void close() {
    system.close();
  }

  private static GateDecision decide(UUID request, Instant at, float[] face) {
    return system
        .authority()
        .decide(
            signer.sign(
                new GateRequest(
                    signer.gateId(),
                    request,
                    at,
                    signer.nonce(),
                    Template.of(profile.modelId(), face),
                    0.9,
                    List.of())));
  }

  /** Whether a request's charge row and log opening were written by the same transaction. */
  private static boolean sameTransaction(UUID request) {
    return org.jdbi.v3.core.Jdbi.create(system.database().dataSource())
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT c.xmin::text = o.xmin::text FROM fares.charge c"
                            + " JOIN privacy.log_opening o ON o.request_id = c.request_id"
                            + " WHERE c.request_id = :r")
                    .bind("r", request.toString())
                    .mapTo(Boolean.class)
                    .one());
  }

  @Test
  void anOpenedGateAndARefusalForFundsAreEachLoggedOnceWithTheirCharge() {
    long before = system.log().size();
    UUID request = UUID.randomUUID();
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    GateDecision first = decide(request, at, paying);
    GateDecision retry = decide(request, at, paying);

    assertThat(first).isInstanceOf(GateDecision.Open.class);
    long index = ((GateDecision.Open) first).receipt().logIndex();
    assertThat(index).isEqualTo(before);
    assertThat(retry).as("a retry gets the first receipt").isEqualTo(first);
    assertThat(system.log().size()).isEqualTo(before + 1);
    assertThat(sameTransaction(request)).as("the charge and its entry in one transaction").isTrue();

    UUID refused = UUID.randomUUID();
    assertThat(decide(refused, at, broke))
        .isEqualTo(new GateDecision.Deny(DenyReason.INSUFFICIENT_FUNDS));
    assertThat(decide(refused, at, broke))
        .isEqualTo(new GateDecision.Deny(DenyReason.INSUFFICIENT_FUNDS));
    assertThat(system.log().size()).isEqualTo(before + 2);
    assertThat(sameTransaction(refused)).isTrue();

    TreeHead head = system.log().signHead();
    assertThat(system.log().historyOf(new Pseudonym("lc-paying"), head))
        .singleElement()
        .satisfies(e -> assertThat(e.index()).isEqualTo(index));
    assertThat(system.log().historyOf(new Pseudonym("lc-broke"), head)).hasSize(1);
    assertThat(system.log().audit()).isEmpty();
    assertThat(system.ledger().reconcile().ok()).isTrue();
  }
}
