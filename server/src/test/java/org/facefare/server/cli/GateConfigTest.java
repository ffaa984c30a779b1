package org.facefare.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.facefare.gate.protocol.GateKeyFiles;
import org.facefare.gate.protocol.GateSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gate configuration: what it reads, and an error naming file, field and why for the rest. */
class GateConfigTest {

  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    GateKeyFiles.write(GateSigner.newKeyPair(), dir.resolve("keys"), "G1");
    Files.createDirectories(dir.resolve("frames"));
    Files.writeString(dir.resolve("authority.pem"), "placeholder: only its existence is read here");
  }

  Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("gates.yaml"), yaml);
  }

  @Test
  void readsAFullConfigurationWithPathsRelativeToTheFile() throws Exception {
    GateConfig c =
        GateConfig.read(
            config(
                """
                authority:
                  url: https://127.0.0.1:8470
                  trust: authority.pem
                  deadline: 800ms
                  breaker_wait: 2s
                gates:
                  - id: L1-S01-E1-1
                    key: keys/G1.key
                    frames: {folder: frames}
                    frame_interval: 100ms
                    track_window: PT0.4S
                    turnstile: {open_timeout: 6s, passed_hold: 1.5s, simulated_passage: 300ms}
                  - id: L1-S01-E1-2
                    key: keys/G1.key
                    frames: {mjpeg: "http://camera.local/stream"}
                """));
    assertThat(c.authority().deadline()).isEqualTo(Duration.ofMillis(800));
    assertThat(c.authority().trust()).contains(dir.resolve("authority.pem").toAbsolutePath());
    GateConfig.Gate g = c.gates().getFirst();
    assertThat(g.frames())
        .isEqualTo(new GateConfig.Frames.Folder(dir.resolve("frames").toAbsolutePath()));
    assertThat(g.trackWindow()).isEqualTo(Duration.ofMillis(400));
    assertThat(g.passedHold()).isEqualTo(Duration.ofMillis(1500));
    assertThat(g.simulatedPassage()).contains(Duration.ofMillis(300));
    GateConfig.Gate second = c.gates().get(1);
    assertThat(second.trackWindow()).isEqualTo(Duration.ofMillis(500));
    assertThat(second.simulatedPassage()).isEqualTo(Optional.empty());
    assertThat(second.frames()).isInstanceOf(GateConfig.Frames.Mjpeg.class);
  }

  @Test
  void readsJsonToo() throws Exception {
    GateConfig c =
        GateConfig.read(
            config(
                """
                {"authority": {"url": "http://127.0.0.1:8470"},
                 "gates": [{"id": "G1", "key": "keys/G1.key", "frames": {"files": ["keys/G1.pub"]}}]}
                """));
    assertThat(c.gates()).hasSize(1);
    assertThat(c.authority().deadline()).isEqualTo(Duration.ofMillis(300));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          no gates           | authority: {url: 'http://h:1'}                                                         | gates: is required
          empty gates        | authority: {url: 'http://h:1'}\\ngates: []                                               | gates: must be a list of at least one gate
          bad url            | authority: {url: 'ftp://h'}\\ngates: [{id: G1, key: keys/G1.key, frames: {folder: frames}}] | authority.url: 'ftp://h' must be an http:// or https://
          trust on http      | authority: {url: 'http://h:1', trust: authority.pem}\\ngates: [{id: G1}]                 | authority.trust: a trusted certificate needs an https://
          bad deadline       | authority: {url: 'http://h:1', deadline: soon}\\ngates: [{id: G1}]                       | authority.deadline: 'soon' is not a duration
          zero deadline      | authority: {url: 'http://h:1', deadline: 0s}\\ngates: [{id: G1}]                         | authority.deadline: must be positive
          misspelt field     | authority: {url: 'http://h:1', dedline: 1s}\\ngates: [{id: G1}]                          | authority.dedline: unknown field
          missing key file   | authority: {url: 'http://h:1'}\\ngates: [{id: G1, key: keys/G9.key, frames: {folder: frames}}] | gates[0].key: file
          two sources        | authority: {url: 'http://h:1'}\\ngates: [{id: G1, key: keys/G1.key, frames: {folder: frames, mjpeg: 'http://c'}}] | gates[0].frames: give exactly one of folder, files or mjpeg
          missing folder     | authority: {url: 'http://h:1'}\\ngates: [{id: G1, key: keys/G1.key, frames: {folder: nowhere}}] | gates[0].frames.folder: folder
          bad gate id        | authority: {url: 'http://h:1'}\\ngates: [{id: 'a b', key: keys/G1.key, frames: {folder: frames}}] | gates[0].id: 'a b' is not a gate id
          duplicate ids      | authority: {url: 'http://h:1'}\\ngates: [{id: G1, key: keys/G1.key, frames: {folder: frames}}, {id: G1, key: keys/G1.key, frames: {folder: frames}}] | gates[1].id: gate G1 appears twice
          passage too long   | authority: {url: 'http://h:1'}\\ngates: [{id: G1, key: keys/G1.key, frames: {folder: frames}, turnstile: {open_timeout: 1s, simulated_passage: 2s}}] | gates[0].turnstile.simulated_passage: must be shorter
          negative window    | authority: {url: 'http://h:1'}\\ngates: [{id: G1, key: keys/G1.key, frames: {folder: frames}, track_window: '-PT1S'}] | gates[0].track_window: a duration must not be negative
          not yaml           | authority: [unclosed                                                                       | not valid YAML or JSON
          """)
  void badConfigurationsSayFileFieldAndWhy(String name, String yaml, String message)
      throws Exception {
    Path file = config(yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> GateConfig.read(file))
        .isInstanceOf(GateConfig.ConfigException.class)
        .hasMessageStartingWith(file.toString() + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void aMissingFileIsAClearError() {
    assertThatThrownBy(() -> GateConfig.read(dir.resolve("none.yaml")))
        .hasMessageContaining("none.yaml: the configuration file does not exist");
  }

  @ParameterizedTest
  @CsvSource({"250ms,250", "2s,2000", "1.5s,1500", "10m,600000", "1h,3600000", "PT0.5S,500"})
  void durationsReadAsWritten(String text, long millis) {
    assertThat(GateConfig.duration(text, "f")).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void aPrivateKeyIsWrittenForItsOwnerOnlyAndNeverOverwritten() throws Exception {
    Path key = dir.resolve("keys").resolve("G1.key");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(GateKeyFiles.readPrivate(key).getAlgorithm()).isIn("Ed25519", "EdDSA");
    assertThat(GateKeyFiles.readPublic(dir.resolve("keys").resolve("G1.pub")).getAlgorithm())
        .isIn("Ed25519", "EdDSA");
    assertThatThrownBy(() -> GateKeyFiles.write(GateSigner.newKeyPair(), dir.resolve("keys"), "G1"))
        .hasMessageContaining("not overwriting");
    assertThatThrownBy(() -> GateKeyFiles.readPublic(key)).hasMessageContaining("PUBLIC KEY");
  }
}
