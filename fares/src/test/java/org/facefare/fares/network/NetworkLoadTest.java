package org.facefare.fares.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.facefare.fares.document.Document;
import org.facefare.fares.document.DocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkLoadTest {

  static String small() {
    try (InputStream in = Network.class.getResourceAsStream("small.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void smallNetworkResolvesEveryReference() {
    Network small = Network.small();
    assertThat(small.lines()).extracting(Line::id).containsExactly("red", "blue", "ring", "b1");
    assertThat(small.modes()).containsExactlyInAnyOrder(Mode.METRO, Mode.RING_RAILWAY, Mode.BUS);
    assertThat(small.modeOfGate("G-B1-M")).isEqualTo(Mode.BUS);
    assertThat(small.modeOfGate("G-R2-1")).isEqualTo(Mode.RING_RAILWAY);
    assertThat(small.stationOfGate("G-RN-2").id()).isEqualTo("red-north");
    assertThat(small.stationsOf("red"))
        .extracting(Station::id)
        .containsExactly("red-north", "red-centre", "red-south");
    assertThat(small.gate("nope")).isEmpty();
    assertThat(small.gate("G-RN-2").orElseThrow().entrance()).isEqualTo("red-north-1");
    assertThat(small.line("ring").orElseThrow().ring()).isTrue();
    assertThat(small.station("b1-park").orElseThrow().line()).isEqualTo("b1");
    assertThat(small.line("green")).isEmpty();
    assertThat(small.operators()).extracting(Operator::id).containsExactly("metro", "bus");
    assertThat(small.entrances()).hasSize(11);
    assertThat(small.interchanges()).extracting(Interchange::id).containsExactly("centre", "north");
    assertThat(small.id()).isEqualTo("small");
    assertThat(small.name()).isEqualTo("Small Town Transit");
    assertThatThrownBy(() -> small.modeOfGate("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown gate 'nope'");
  }

  @Test
  void jsonAndYamlFilesReadTheSame(@TempDir Path dir) throws IOException {
    Path yaml = dir.resolve("small.yml");
    Files.writeString(yaml, small());
    Path json = dir.resolve("small.json");
    Files.write(
        json,
        JsonMapper.builder()
            .build()
            .writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(new YAMLMapper().readTree(small())));
    Network fromYaml = Network.load(yaml);
    Network fromJson = Network.load(json);
    assertThat(fromJson.gates()).isEqualTo(fromYaml.gates());
    assertThat(fromJson.stations()).isEqualTo(fromYaml.stations());
    assertThat(fromJson.interchanges()).isEqualTo(fromYaml.interchanges());
  }

  @Test
  void unknownExtensionAndMissingFileAreClearErrors(@TempDir Path dir) throws IOException {
    Path txt = dir.resolve("small.txt");
    Files.writeString(txt, small());
    assertThatThrownBy(() -> Network.load(txt)).hasMessageContaining("unknown document format");
    assertThatThrownBy(() -> Network.load(dir.resolve("absent.yaml")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("absent.yaml");
  }

  /**
   * Each broken document: the text replaced, its replacement, the field and the words the error
   * must have; the line must be the replacement's.
   */
  static Stream<Arguments> brokenNetworks() {
    return Stream.of(
        Arguments.of(
            "{ id: G-BE-1, entrance: blue-east-1 }",
            "{ id: G-BE-1, entrance: blue-east-9 }",
            "$.gates[6].entrance",
            "unknown entrance 'blue-east-9'"),
        Arguments.of(
            "{ id: G-BE-1, entrance: blue-east-1 }",
            "{ id: G-BC-1, entrance: blue-east-1 }",
            "$.gates[6].id",
            "duplicate id 'G-BC-1'"),
        Arguments.of(
            "{ id: blue-east-1, name: East main, station: blue-east }",
            "{ id: blue-east-1, name: East main, station: nowhere }",
            "$.entrances[5].station",
            "unknown station 'nowhere'"),
        Arguments.of(
            "{ id: b1-park, name: Park, line: b1, seq: 1,",
            "{ id: b1-park, name: Park, line: b2, seq: 1,",
            "$.stations[10].line",
            "unknown line 'b2'"),
        Arguments.of(
            "{ id: b1-park, name: Park, line: b1, seq: 1,",
            "{ id: b1-park, name: Park, line: b1, seq: 0,",
            "$.stations[10].seq",
            "seq 0 is used twice on line 'b1'"),
        Arguments.of(
            "    operator: bus\n",
            "    operator: tram-co\n",
            "$.lines[3].operator",
            "unknown operator"),
        Arguments.of("    mode: bus\n", "    mode: tram\n", "$.lines[3].mode", "enum"),
        Arguments.of(
            "timeZone: Europe/Moscow", "timeZone: Mars/Olympus", "$.timeZone", "unknown time zone"),
        Arguments.of("seq: 2, x: 3.0", "seq: two, x: 3.0", "$.stations[5].seq", "integer"),
        Arguments.of(
            "  - { id: G-RN-2, entrance: red-north-1 }\n",
            "  - { id: G-RN-2 }\n",
            "$.gates[1]",
            "required property 'entrance'"),
        Arguments.of(
            "  - { id: G-RN-2, entrance: red-north-1 }\n",
            "  - { id: G-RN-2, entrance: red-north-1, colour: red }\n",
            "$.gates[1]",
            "colour"),
        Arguments.of(
            "  - { id: ring-3, name: Ring South-West, line: ring, seq: 2, x: -2.6, y: -1.5 }\n",
            "",
            "$.lines[2].ring",
            "a ring needs 3"),
        Arguments.of(
            "  - { id: centre, stations: [red-centre, blue-centre] }",
            "  - { id: centre, stations: [red-centre, red-north] }",
            "$.interchanges[0].stations[1]",
            "two stations on line 'red'"),
        Arguments.of(
            "  - { id: north, stations: [red-north, ring-1] }",
            "  - { id: north, stations: [red-centre, ring-1] }",
            "$.interchanges[1].stations[0]",
            "already in interchange 'centre'"),
        Arguments.of(
            "  - { id: G-BE-1, entrance: blue-east-1 }\n",
            "",
            "$.entrances[5]",
            "entrance 'blue-east-1' has no gate"),
        Arguments.of(
            "  - { id: blue-east-1, name: East main, station: blue-east }\n"
                + "  - { id: ring-1-1,",
            "  - { id: ring-1-1,",
            "$.stations[5]",
            "station 'blue-east' has no entrance"));
  }

  @ParameterizedTest
  @MethodSource("brokenNetworks")
  void brokenNetworkNamesFileLineAndField(
      String original, String replacement, String field, String words) {
    String text = small();
    assertThat(text).contains(original);
    int at = text.indexOf(original);
    String broken = text.substring(0, at) + replacement + text.substring(at + original.length());
    assertThatThrownBy(
            () ->
                Network.parse(
                    "broken.yaml", broken.getBytes(StandardCharsets.UTF_8), Document.Format.YAML))
        .isInstanceOfSatisfying(
            DocumentException.class,
            e -> {
              assertThat(e.problems())
                  .anySatisfy(
                      p -> {
                        assertThat(p.source()).isEqualTo("broken.yaml");
                        assertThat(p.field()).isEqualTo(field);
                        assertThat(p.message()).contains(words);
                        assertThat(p.line()).isPositive();
                      });
              assertThat(e.getMessage()).contains("broken.yaml:").contains(words);
            });
  }

  /** The line a reference error names is the line of the broken reference. */
  @Test
  void referenceErrorPointsAtItsLine() {
    String text = small().replace("entrance: blue-east-1 }", "entrance: blue-east-9 }");
    int line = lineOf(text, "blue-east-9");
    assertThatThrownBy(
            () ->
                Network.parse(
                    "broken.yaml", text.getBytes(StandardCharsets.UTF_8), Document.Format.YAML))
        .hasMessageContaining("broken.yaml:" + line + ":");
  }

  @Test
  void syntaxErrorsDuplicateKeysAndEmptyFilesAreClearErrors() {
    assertThatThrownBy(() -> parse("id: small\nname: [unclosed\n"))
        .isInstanceOf(DocumentException.class)
        .hasMessageStartingWith("bad.yaml:");
    assertThatThrownBy(() -> parse(small().replace("name: Small Town Transit", "id: again")))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining("Duplicate field 'id'");
    assertThatThrownBy(() -> parse("")).hasMessageContaining("bad.yaml:1:1: $: is empty");
    assertThatThrownBy(
            () ->
                Network.parse(
                    "bad.json",
                    "{\"id\": \"x\",}".getBytes(StandardCharsets.UTF_8),
                    Document.Format.JSON))
        .isInstanceOf(DocumentException.class)
        .hasMessageStartingWith("bad.json:1:");
  }

  @Test
  void aYamlBombIsAParseErrorNotAnOutOfMemory() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(10, "*" + p))).append("]\n");
    }
    // A billion x's if expanded; refused as a bad document without being expanded.
    assertThatThrownBy(() -> parse(bomb.toString())).isInstanceOf(DocumentException.class);
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    String text =
        small()
            .replace("entrance: blue-east-1 }", "entrance: blue-east-9 }")
            .replace("operator: bus\n", "operator: nobody\n");
    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(
            DocumentException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2))
        .hasMessageContaining("problems");
  }

  private static Network parse(String text) {
    return Network.parse("bad.yaml", text.getBytes(StandardCharsets.UTF_8), Document.Format.YAML);
  }

  static int lineOf(String text, String needle) {
    String before = text.substring(0, text.indexOf(needle));
    return (int) before.chars().filter(c -> c == '\n').count() + 1;
  }
}
