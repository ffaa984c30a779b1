package org.facefare.fares.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facefare.fares.FareQuote;
import org.facefare.fares.network.Gate;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;
import org.junit.jupiter.api.Test;

/** One engine shared by every gate thread prices exactly as it does alone. */
class FareEngineConcurrencyTest {

  @Test
  void aSharedEngineGivesTheSameQuotesOnManyThreads() throws Exception {
    Network metro = Network.sampleMetro();
    FareEngine engine = new FareEngine(metro, FarePolicy.sampleMetro());
    List<String> gates = metro.gates().stream().map(Gate::id).toList();
    List<String> profiles = List.of("adult", "student", "pensioner", "adult");
    List<Callable<List<FareQuote>>> riders = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      long seed = r;
      String profile = profiles.get(r % profiles.size());
      riders.add(() -> ride(engine, profile, gates, seed));
    }
    List<List<FareQuote>> alone = new ArrayList<>();
    for (Callable<List<FareQuote>> rider : riders) {
      alone.add(rider.call());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<FareQuote>>> together = pool.invokeAll(riders);
      for (int r = 0; r < riders.size(); r++) {
        assertThat(together.get(r).get()).isEqualTo(alone.get(r));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<FareQuote> ride(
      FareEngine engine, String profile, List<String> gates, long seed) {
    Random random = new Random(seed);
    Rider rider = new Rider(engine, profile);
    List<FareQuote> quotes = new ArrayList<>();
    Instant at = Instant.parse("2026-03-01T05:00:00Z");
    for (int i = 0; i < 300; i++) {
      at = at.plusSeconds(random.nextInt(4 * 3600));
      quotes.add(rider.enter(gates.get(random.nextInt(gates.size())), at));
    }
    return quotes;
  }
}
