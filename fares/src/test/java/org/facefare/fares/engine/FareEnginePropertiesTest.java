package org.facefare.fares.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.facefare.fares.Entry;
import org.facefare.fares.FareQuote;
import org.facefare.fares.Money;
import org.facefare.fares.PastTrip;
import org.facefare.fares.document.Document;
import org.facefare.fares.network.Mode;
import org.facefare.fares.network.Network;
import org.facefare.fares.policy.FarePolicy;

/** Invariants of the fare engine over random riders, on the small network. */
class FareEnginePropertiesTest {

  static final Network NETWORK = Network.small();
  static final FarePolicy SAMPLE = FarePolicy.sampleMetro();
  static final FareEngine ENGINE = new FareEngine(NETWORK, SAMPLE);
  static final ServiceCalendar CALENDAR = ENGINE.calendar();
  static final Duration WINDOW = Duration.ofMinutes(90);

  /** One step of a random rider: a gate, entered {@code afterSeconds} after the previous entry. */
  record Step(String gate, long afterSeconds) {}

  @Provide
  Arbitrary<List<Step>> rides() {
    Arbitrary<String> gate = Arbitraries.of("G-RN-1", "G-BC-1", "G-R1-1", "G-B1-M", "G-B1-P");
    Arbitrary<Long> gap =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(0L)),
            Tuple.of(6, Arbitraries.longs().between(1, 45 * 60)),
            Tuple.of(3, Arbitraries.longs().between(45 * 60, 4 * 3600)),
            Tuple.of(1, Arbitraries.longs().between(4 * 3600, 3 * 86400)));
    return Combinators.combine(gate, gap).as(Step::new).list().ofMinSize(1).ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Step>> strictlyTimedRides() {
    return rides()
        .map(steps -> steps.stream().map(s -> new Step(s.gate(), s.afterSeconds() + 1)).toList());
  }

  /** A start in the 2026 version, far enough from its end that a ride sequence stays in it. */
  @Provide
  Arbitrary<Instant> starts() {
    long from = Instant.parse("2026-01-05T00:00:00Z").getEpochSecond();
    long until = Instant.parse("2026-10-01T00:00:00Z").getEpochSecond();
    return Arbitraries.longs().between(from, until).map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<String> profiles() {
    return Arbitraries.of("adult", "student", "pensioner");
  }

  record Ride(Entry entry, FareQuote quote) {}

  static List<Ride> ride(FareEngine engine, String profile, Instant start, List<Step> steps) {
    Rider rider = new Rider(engine, profile);
    List<Ride> rides = new ArrayList<>();
    Instant at = start;
    for (Step step : steps) {
      at = at.plusSeconds(step.afterSeconds());
      rides.add(new Ride(new Entry(step.gate(), at), rider.enter(step.gate(), at)));
    }
    return rides;
  }

  @Property(tries = 300)
  void neverNegativeAndNeverAboveAnyCap(
      @ForAll("profiles") String profile,
      @ForAll("starts") Instant start,
      @ForAll("rides") List<Step> steps) {
    List<Ride> rides = ride(ENGINE, profile, start, steps);
    long daily = "student".equals(profile) ? 11_500 : 23_000;
    long weekly = "student".equals(profile) ? 50_000 : 100_000;
    long monthly = "student".equals(profile) ? 150_000 : 300_000;
    for (Ride r : rides) {
      assertThat(r.quote().amount().minor()).isNotNegative();
      assertThat(r.quote().amount().currency().getCurrencyCode()).isEqualTo("RUB");
      if ("pensioner".equals(profile)) {
        assertThat(r.quote().amount().isZero()).isTrue();
      }
    }
    assertThat(sums(rides, d -> d).values())
        .allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(daily));
    assertThat(sums(rides, ServiceCalendar::weekOf).values())
        .allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(weekly));
    assertThat(sums(rides, ServiceCalendar::monthOf).values())
        .allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(monthly));
  }

  static Map<LocalDate, Long> sums(List<Ride> rides, Function<LocalDate, LocalDate> period) {
    Map<LocalDate, Long> sums = new HashMap<>();
    for (Ride r : rides) {
      LocalDate key = period.apply(CALENDAR.serviceDate(r.entry().at()));
      sums.merge(key, r.quote().amount().minor(), Long::sum);
    }
    return sums;
  }

  /**
   * After an entry that starts a journey, every bus entry of the same service day within the window
   * is a free transfer, and an entry is free as a transfer only within a window.
   */
  @Property(tries = 300)
  void transfersAreNeverChargedTwice(
      @ForAll("starts") Instant start, @ForAll("strictlyTimedRides") List<Step> steps) {
    List<Ride> rides = ride(ENGINE, "adult", start, steps);
    for (int i = 0; i < rides.size(); i++) {
      Ride first = rides.get(i);
      boolean startsJourney = !first.quote().explanation().get(0).startsWith("transfer");
      if (!startsJourney) {
        assertThat(first.quote().amount().isZero()).isTrue();
        continue;
      }
      for (int j = i + 1; j < rides.size(); j++) {
        Ride later = rides.get(j);
        Instant t = later.entry().at();
        boolean sameDay = CALENDAR.serviceDate(t).equals(CALENDAR.serviceDate(first.entry().at()));
        if (!sameDay || !t.isBefore(first.entry().at().plus(WINDOW))) {
          break;
        }
        if (NETWORK.modeOfGate(later.entry().gateId()) == Mode.BUS) {
          assertThat(later.quote().amount().isZero()).as("bus at %s", t).isTrue();
          assertThat(later.quote().explanation().get(0)).startsWith("transfer");
        }
      }
    }
  }

  @Property(tries = 200)
  void orderOfEqualTimeHistoryIsIrrelevant(
      @ForAll("profiles") String profile,
      @ForAll("starts") Instant start,
      @ForAll("rides") List<Step> steps,
      @ForAll("rides") List<Step> next,
      @ForAll long seed) {
    Rider rider = new Rider(ENGINE, profile);
    Instant at = start;
    for (Step step : steps) {
      at = at.plusSeconds(step.afterSeconds());
      rider.enter(step.gate(), at);
    }
    Entry entry = new Entry(next.get(0).gate(), at.plusSeconds(next.get(0).afterSeconds()));
    List<PastTrip> history = new ArrayList<>(rider.trips());
    history.removeIf(t -> t.entry().at().isBefore(ENGINE.historyFrom(entry.at())));
    FareQuote quote = ENGINE.quote(profile, history, entry);
    List<PastTrip> shuffled = new ArrayList<>(history);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(ENGINE.quote(profile, shuffled, entry)).isEqualTo(quote);
    assertThat(ENGINE.quote(profile, List.copyOf(history), entry)).isEqualTo(quote);
  }

  @Property(tries = 200)
  void historyBeforeHistoryFromIsIrrelevant(
      @ForAll("profiles") String profile,
      @ForAll("starts") Instant start,
      @ForAll("rides") List<Step> steps,
      @ForAll("rides") List<Step> junk,
      @ForAll @IntRange(min = 0, max = 10_000) int junkCharge) {
    List<Ride> rides = ride(ENGINE, profile, start, steps);
    Ride last = rides.get(rides.size() - 1);
    Instant from = ENGINE.historyFrom(last.entry().at());
    List<PastTrip> history = new ArrayList<>();
    for (Ride r : rides.subList(0, rides.size() - 1)) {
      if (!r.entry().at().isBefore(from)) {
        history.add(new PastTrip(r.entry(), r.quote().amount()));
      }
    }
    Instant before = from.minusSeconds(1);
    for (Step step : junk) {
      history.add(new PastTrip(new Entry(step.gate(), before), Money.of(junkCharge, "RUB")));
      before = before.minusSeconds(step.afterSeconds());
    }
    assertThat(ENGINE.quote(profile, history, last.entry())).isEqualTo(last.quote());
  }

  @Property(tries = 100)
  void aDaysChargesAreTheUncappedSumUpToTheDailyCap(
      @ForAll("starts") Instant start,
      @ForAll("rides") List<Step> steps,
      @ForAll @IntRange(min = 70, max = 600) int dailyCapRoubles) {
    FareEngine capped = new FareEngine(NETWORK, policy("daily: \"" + dailyCapRoubles + ".00\""));
    FareEngine uncapped = new FareEngine(NETWORK, policy("{}"));
    Instant dayStart = CALENDAR.start(CALENDAR.serviceDate(start));
    List<Step> oneDay = new ArrayList<>();
    long elapsed = 0;
    for (Step step : steps) {
      long next = elapsed + Math.min(step.afterSeconds(), 2 * 3600);
      if (next >= 23 * 3600) {
        break;
      }
      elapsed = next;
      oneDay.add(new Step(step.gate(), Math.min(step.afterSeconds(), 2 * 3600)));
    }
    long withCap = total(ride(capped, "adult", dayStart, oneDay));
    long withoutCap = total(ride(uncapped, "adult", dayStart, oneDay));
    assertThat(withCap).isEqualTo(Math.min(withoutCap, dailyCapRoubles * 100L));
  }

  static long total(List<Ride> rides) {
    return rides.stream().mapToLong(r -> r.quote().amount().minor()).sum();
  }

  @Property(tries = 100)
  void quotesArePure(
      @ForAll("profiles") String profile,
      @ForAll("starts") Instant start,
      @ForAll("rides") List<Step> steps) {
    List<Ride> first = ride(ENGINE, profile, start, steps);
    List<Ride> second = ride(new FareEngine(NETWORK, SAMPLE), profile, start, steps);
    assertThat(second).isEqualTo(first);
  }

  static FarePolicy policy(String caps) {
    String yaml =
        """
        id: cap-test
        currency: RUB
        serviceDayStart: "04:30"
        versions:
          - id: v1
            effectiveFrom: "2020-01-01"
            fareByMode:
              metro: "62.00"
              ring_railway: "62.00"
              bus: "50.00"
            timeBands:
              - name: peak
                days: [monday, tuesday, wednesday, thursday, friday]
                from: "07:00"
                until: "10:00"
                fareByMode:
                  metro: "70.00"
            transfer:
              windowMinutes: 90
              limitedModes: [metro, ring_railway]
              limitedEntries: 1
            caps: %s
            concessions:
              adult: {}
        """
            .formatted(caps.startsWith("{") ? caps : "{ " + caps + " }");
    return FarePolicy.parse(
        "cap-test.yaml", yaml.getBytes(StandardCharsets.UTF_8), Document.Format.YAML);
  }
}
