package org.facefare.fares.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleMetroGeneratorTest {

  private static final Path RESOURCE =
      Path.of("src/main/resources/org/facefare/fares/network/sample-metro.yaml");

  /**
   * The committed sample is exactly the generator's output. Run with {@code
   * -Dfacefare.regenerate=true} to rewrite it after changing the generator.
   */
  @Test
  void committedSampleIsTheGeneratorsOutput() throws IOException {
    String generated =
        SampleMetroGenerator.yaml(
            SampleMetroGenerator.generate(SampleMetroGenerator.Settings.DEFAULT));
    if (Boolean.getBoolean("facefare.regenerate")) {
      Files.writeString(RESOURCE, generated, StandardCharsets.UTF_8);
    }
    String committed;
    try (InputStream in = Network.class.getResourceAsStream("sample-metro.yaml")) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(committed).isEqualTo(generated);
  }

  @Test
  void sameSeedSameNetworkOtherSeedAnother() {
    var settings = SampleMetroGenerator.Settings.DEFAULT;
    String once = SampleMetroGenerator.yaml(SampleMetroGenerator.generate(settings));
    String twice = SampleMetroGenerator.yaml(SampleMetroGenerator.generate(settings));
    var other =
        new SampleMetroGenerator.Settings(
            7,
            settings.radialLines(),
            settings.busRoutes(),
            settings.ringKm(),
            settings.railKm(),
            settings.minLengthKm(),
            settings.maxLengthKm(),
            settings.spacingKm(),
            settings.centreSpread(),
            settings.mergeKm());
    assertThat(twice).isEqualTo(once);
    assertThat(SampleMetroGenerator.yaml(SampleMetroGenerator.generate(other))).isNotEqualTo(once);
  }

  @Test
  void sampleIsALargeMetro() {
    Network metro = Network.sampleMetro();
    assertThat(metro.stations()).hasSizeGreaterThanOrEqualTo(240);
    assertThat(metro.lines()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(metro.gates()).hasSizeGreaterThanOrEqualTo(1500);
    assertThat(metro.lines())
        .anyMatch(l -> l.ring() && l.mode() == Mode.METRO)
        .anyMatch(l -> l.ring() && l.mode() == Mode.RING_RAILWAY)
        .anyMatch(l -> l.mode() == Mode.BUS);
    assertThat(metro.timeZone().getId()).isEqualTo("Europe/Moscow");
  }

  /** Every radial line meets both rings at interchanges, and the centre has multi-line hubs. */
  @Test
  void topologyIsRadialLinesCrossingRings() {
    Network metro = Network.sampleMetro();
    Map<String, Station> stations =
        metro.stations().stream().collect(Collectors.toMap(Station::id, Function.identity()));
    Set<String> rings =
        metro.lines().stream().filter(Line::ring).map(Line::id).collect(Collectors.toSet());
    List<Line> radials =
        metro.lines().stream().filter(l -> l.mode() == Mode.METRO && !l.ring()).toList();
    assertThat(radials).hasSizeGreaterThanOrEqualTo(10);
    for (Line radial : radials) {
      Set<String> metRings = new HashSet<>();
      for (Interchange x : metro.interchanges()) {
        Set<String> lines =
            x.stations().stream().map(s -> stations.get(s).line()).collect(Collectors.toSet());
        if (lines.contains(radial.id())) {
          lines.retainAll(rings);
          metRings.addAll(lines);
        }
      }
      assertThat(metRings).as(radial.id()).isEqualTo(rings);
    }
    assertThat(metro.interchanges()).anyMatch(x -> x.stations().size() >= 4);
    // An interchange is a walk: its stations are close together.
    for (Interchange x : metro.interchanges()) {
      for (String a : x.stations()) {
        for (String b : x.stations()) {
          Station p = stations.get(a);
          Station q = stations.get(b);
          assertThat(Math.hypot(p.x() - q.x(), p.y() - q.y())).as(x.id()).isLessThan(2.0);
        }
      }
    }
    // Stations are spread out like a city's (tens of kilometres), not piled up.
    double maxRadius =
        metro.stations().stream().mapToDouble(s -> Math.hypot(s.x(), s.y())).max().orElseThrow();
    assertThat(maxRadius).isBetween(12.0, 30.0);
  }

  @Test
  void impossibleSettingsAreRefused() {
    assertThatThrownBy(() -> new SampleMetroGenerator.Settings(1, 0, 0, 3, 8, 14, 22, 1.7, 1, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleMetroGenerator.Settings(1, 11, 6, 9, 8, 14, 22, 1.7, 1, 0.9))
        .hasMessageContaining("ringKm < railKm");
  }
}
