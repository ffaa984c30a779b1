package org.facefare.gate.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.facefare.gate.TestClock;
import org.facefare.gate.protocol.GateSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate key register's rules: states, listing, the record of who changed what, bad input. */
class GateKeyRegistryTest {

  TestClock clock = new TestClock(Instant.parse("2026-12-01T08:00:00Z"));
  GateKeyStore store = GateKeyStore.inMemory();
  GateKeyRegistry registry = new GateKeyRegistry(clock, store);
  PublicKey k1 = GateSigner.newKeyPair().getPublic();
  PublicKey k2 = GateSigner.newKeyPair().getPublic();
  PublicKey k3 = GateSigner.newKeyPair().getPublic();

  @Test
  void aGateGoesThroughRegisterRotateRevokeAndRegisterAgain() {
    registry.register("G1", k1, "alice");
    assertThat(registry.gate("G1").orElseThrow())
        .isEqualTo(
            new GateKeyListing(
                "G1",
                GateKeyListing.State.ACTIVE,
                GateKeyRegistry.fingerprint(k1),
                Optional.empty(),
                Optional.empty(),
                clock.instant(),
                "alice"));
    clock.advance(Duration.ofMinutes(1));
    registry.rotate("G1", k2, Duration.ofMinutes(10), "bob");
    GateKeyListing rotating = registry.gate("G1").orElseThrow();
    assertThat(rotating.state()).isEqualTo(GateKeyListing.State.ROTATING);
    assertThat(rotating.keyFingerprint()).isEqualTo(GateKeyRegistry.fingerprint(k2));
    assertThat(rotating.previousFingerprint()).contains(GateKeyRegistry.fingerprint(k1));
    assertThat(rotating.previousUntil()).contains(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(registry.keysOf("G1")).containsExactly(k2, k1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(registry.gate("G1").orElseThrow().state()).isEqualTo(GateKeyListing.State.ACTIVE);
    assertThat(registry.keysOf("G1")).containsExactly(k2);
    assertThat(registry.revoke("G1", "carol")).isTrue();
    assertThat(registry.revoke("G1", "carol")).isFalse();
    assertThat(registry.keysOf("G1")).isEmpty();
    assertThat(registry.gate("G1").orElseThrow().state()).isEqualTo(GateKeyListing.State.REVOKED);
    assertThatThrownBy(() -> registry.rotate("G1", k3, Duration.ZERO, "bob"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revoked");
    registry.register("G1", k3, "alice");
    assertThat(registry.keysOf("G1")).containsExactly(k3);
    assertThat(registry.history("G1"))
        .extracting(GateKeyChange::action, GateKeyChange::by, GateKeyChange::keyFingerprint)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                GateKeyChange.Action.REGISTER, "alice", GateKeyRegistry.fingerprint(k1)),
            org.assertj.core.groups.Tuple.tuple(
                GateKeyChange.Action.ROTATE, "bob", GateKeyRegistry.fingerprint(k2)),
            org.assertj.core.groups.Tuple.tuple(
                GateKeyChange.Action.REVOKE, "carol", GateKeyRegistry.fingerprint(k2)),
            org.assertj.core.groups.Tuple.tuple(
                GateKeyChange.Action.REGISTER, "alice", GateKeyRegistry.fingerprint(k3)));
  }

  @Test
  void aReloadedRegisterHasTheSameGatesKeysAndHistory() {
    registry.register("G1", k1, "alice");
    registry.register("G2", k2, "alice");
    registry.rotate("G1", k3, Duration.ofMinutes(5), "bob");
    registry.revoke("G2", "carol");
    GateKeyRegistry reloaded = new GateKeyRegistry(clock, store);
    assertThat(reloaded.gates()).isEqualTo(registry.gates());
    assertThat(reloaded.keysOf("G1")).containsExactly(k3, k1);
    assertThat(reloaded.keysOf("G2")).isEmpty();
    assertThat(reloaded.history("G1")).isEqualTo(registry.history("G1"));
  }

  @Test
  void theListingIsSortedAndShowsFingerprintsOnly() {
    registry.register("G2", k2);
    registry.register("G1", k1);
    assertThat(registry.gates()).extracting(GateKeyListing::gateId).containsExactly("G1", "G2");
    assertThat(registry.gates().getFirst().changedBy()).isEqualTo(GateKeyRegistry.UNATTRIBUTED);
    assertThat(GateKeyRegistry.fingerprint(k1)).startsWith("SHA256:").hasSize(7 + 43);
    assertThat(GateKeyRegistry.fingerprint(k1)).isNotEqualTo(GateKeyRegistry.fingerprint(k2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "-G1", "G 1", "G1/..", "a\nb", "é"})
  void badGateIdsAreRefused(String id) {
    assertThatThrownBy(() -> registry.register(id, k1, "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a gate id is");
    assertThat(registry.gates()).isEmpty();
  }

  @Test
  void aChangeNeedsSomeoneToHaveMadeIt() {
    assertThatThrownBy(() -> registry.register("G1", k1, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be named");
    assertThatThrownBy(() -> registry.register("G1", k1, "x".repeat(201)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.gates()).isEmpty();
  }

  @Test
  void aChangeAnotherProcessMadeIsDetectedNotOverwritten() {
    registry.register("G1", k1, "alice");
    GateKeyRegistry other = new GateKeyRegistry(clock, store);
    other.rotate("G1", k2, Duration.ZERO, "bob");
    assertThatThrownBy(() -> registry.rotate("G1", k3, Duration.ZERO, "alice"))
        .isInstanceOf(ConcurrentGateKeyChangeException.class)
        .hasMessageContaining("another process");
    assertThat(registry.keysOf("G1")).containsExactly(k1);
    assertThat(new GateKeyRegistry(clock, store).keysOf("G1")).containsExactly(k2);
    assertThat(registry.history("G1")).hasSize(2);
  }

  @Test
  void aStoreThatFailsLeavesTheRegisterUnchanged() {
    GateKeyStore failing =
        new GateKeyStore() {
          @Override
          public List<RegisteredGate> load() {
            return List.of();
          }

          @Override
          public void save(RegisteredGate gate, long expectedVersion, GateKeyChange change) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public List<GateKeyChange> history(String gateId) {
            return List.of();
          }
        };
    GateKeyRegistry r = new GateKeyRegistry(clock, failing);
    assertThatThrownBy(() -> r.register("G1", k1, "alice")).hasMessage("disk full");
    assertThat(r.keysOf("G1")).isEmpty();
    assertThat(r.gates()).isEmpty();
  }

  @Test
  void concurrentRegistrationsOfOneGateLetExactlyOneWin() throws Exception {
    int threads = 8;
    List<KeyPair> pairs = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      pairs.add(GateSigner.newKeyPair());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (KeyPair p : pairs) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  registry.register("G1", p.getPublic(), "op");
                  return true;
                } catch (IllegalArgumentException e) {
                  return false;
                }
              }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
    assertThat(registry.history("G1")).hasSize(1);
    assertThat(registry.keysOf("G1")).hasSize(1);
  }
}
