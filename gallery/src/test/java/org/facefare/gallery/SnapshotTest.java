package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.facefare.face.Template;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class SnapshotTest {

  private static final String MODEL = "test-model";
  @TempDir Path dir;
  private final Synth s = new Synth(128, 21);
  private final List<float[]> ids = new ArrayList<>();
  private final InMemorySource source = new InMemorySource();
  private GallerySettings settings;

  @BeforeEach
  void enrol() {
    settings = GallerySettings.of(s.profile(MODEL, new DecisionRule(0.9, 0.01)));
    for (int i = 0; i < 400; i++) {
      ids.add(s.identity());
      source.put(
          new RiderKey("r" + i),
          i % 3 == 0
              ? List.of(s.capture(MODEL, ids.get(i)), s.capture(MODEL, ids.get(i)))
              : s.one(MODEL, ids.get(i)));
    }
    source.remove(new RiderKey("r5"));
  }

  private Path snapshotOfSource(GallerySettings st) throws IOException {
    Gallery.Opened o = Gallery.open(st, dir.resolve("none"), source);
    Path file = dir.resolve("gallery.snap");
    try (Gallery g = o.gallery()) {
      g.writeSnapshot(file, o.position());
    }
    return file;
  }

  /**
   * The same decision for the same riders; scores agree to float rounding (a snapshot lays slots
   * out in another order, so a search sums in another order).
   */
  private void assertSameAnswers(Gallery a, Gallery b) {
    for (int i = 0; i < 60; i++) {
      Template p = s.capture(MODEL, ids.get(i));
      Decision expected = a.decide(p);
      Decision actual = b.decide(p);
      assertThat(actual.getClass()).isEqualTo(expected.getClass());
      assertSameCandidate(actual.best(), expected.best());
      assertSameCandidate(actual.second(), expected.second());
    }
  }

  private static void assertSameCandidate(
      java.util.Optional<Candidate> actual, java.util.Optional<Candidate> expected) {
    assertThat(actual.isPresent()).isEqualTo(expected.isPresent());
    if (expected.isPresent()) {
      assertThat(actual.get().rider()).isEqualTo(expected.get().rider());
      assertThat(actual.get().score())
          .isCloseTo(expected.get().score(), org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  /** A partition of 16 lists trained at 100 templates; searches read all lists. */
  private static final Partitioning SIXTEEN = new Partitioning(16, 16, 100, 9);

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "INT8, false",
    "FLOAT32, false",
    "INT8, true",
    "FLOAT32, true"
  })
  void roundTripsAndReplaysTheChangesSince(Precision precision, boolean partitioned)
      throws IOException {
    GallerySettings st =
        partitioned
            ? settings.withPrecision(precision).withExactBelow(0).withPartitioning(SIXTEEN)
            : settings.withPrecision(precision);
    Path file = snapshotOfSource(st);
    source.remove(new RiderKey("r1"));
    float[] fresh = s.identity();
    source.put(new RiderKey("late"), s.one(MODEL, fresh));
    source.put(new RiderKey("r2"), s.one(MODEL, s.identity()));
    int loadsBefore = source.fullLoads;
    Gallery.Opened o = Gallery.open(st, file, source);
    try (Gallery fromSnap = o.gallery();
        Gallery rebuilt = Gallery.open(st, dir.resolve("none"), source).gallery()) {
      assertThat(o.fromSnapshot()).isTrue();
      assertThat(o.snapshotProblem()).isEmpty();
      assertThat(fromSnap.partitioned()).isEqualTo(partitioned).isEqualTo(rebuilt.partitioned());
      assertThat(source.fullLoads).isEqualTo(loadsBefore + 1);
      assertThat(o.position()).isEqualTo(source.position());
      assertThat(fromSnap.riderCount()).isEqualTo(rebuilt.riderCount()).isEqualTo(399);
      assertThat(fromSnap.templateCount()).isEqualTo(rebuilt.templateCount());
      assertSameAnswers(rebuilt, fromSnap);
      assertThat(fromSnap.decide(s.capture(MODEL, ids.get(1))))
          .isInstanceOf(Decision.NoMatch.class);
      assertThat(fromSnap.decide(s.capture(MODEL, fresh))).isInstanceOf(Decision.Match.class);
    }
  }

  private void assertRebuilt(Path file, String problem) throws IOException {
    int loadsBefore = source.fullLoads;
    Gallery.Opened o = Gallery.open(settings, file, source);
    try (Gallery g = o.gallery();
        Gallery reference = Gallery.open(settings, dir.resolve("none"), source).gallery()) {
      assertThat(o.fromSnapshot()).isFalse();
      assertThat(o.snapshotProblem()).hasValueSatisfying(m -> assertThat(m).contains(problem));
      assertThat(source.fullLoads).isEqualTo(loadsBefore + 2);
      assertThat(g.riderCount()).isEqualTo(399);
      assertSameAnswers(reference, g);
    }
  }

  @Test
  void aCorruptSnapshotIsRebuiltFromTheSource() throws IOException {
    Path file = snapshotOfSource(settings);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x10);
    }
    assertRebuilt(file, "checksum");
  }

  @Test
  void aTruncatedSnapshotIsRebuiltFromTheSource() throws IOException {
    Path file = snapshotOfSource(settings);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() * 2 / 3);
    }
    assertRebuilt(file, "truncated");
  }

  @Test
  void aSnapshotOfAnotherVersionIsRebuiltFromTheSource() throws IOException {
    Path file = snapshotOfSource(settings);
    byte[] b = Files.readAllBytes(file);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putInt(8, SnapshotFile.VERSION + 1);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 12);
    bb.putInt(b.length - 12, (int) crc.getValue());
    Files.write(file, b);
    assertRebuilt(file, "version");
  }

  @Test
  void aSnapshotOfAnotherProfileIsRebuiltFromTheSource() throws IOException {
    Path file = snapshotOfSource(settings.withPrecision(Precision.FLOAT32));
    assertRebuilt(file, "made for");
  }

  @Test
  void aPartitionedSnapshotWithAnotherListCountIsRebuiltFromTheSource() throws IOException {
    GallerySettings st = settings.withExactBelow(0).withPartitioning(SIXTEEN);
    Path file = snapshotOfSource(st);
    GallerySettings other = st.withPartitioning(new Partitioning(25, 25, 100, 9));
    Gallery.Opened o = Gallery.open(other, file, source);
    try (Gallery g = o.gallery()) {
      assertThat(o.fromSnapshot()).isFalse();
      assertThat(o.snapshotProblem().orElseThrow()).contains("partitioned into 4 x 4");
      assertThat(g.partitioned()).isTrue();
      assertThat(g.riderCount()).isEqualTo(399);
    }
  }

  @Test
  void aCorruptPartitionedSnapshotIsRebuiltFromTheSource() throws IOException {
    GallerySettings st = settings.withExactBelow(0).withPartitioning(SIXTEEN);
    Path file = snapshotOfSource(st);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      // the last template's list id, just before the checksum and end marker
      long at = f.length() - 13;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
    Gallery.Opened o = Gallery.open(st, file, source);
    try (Gallery g = o.gallery()) {
      assertThat(o.fromSnapshot()).isFalse();
      assertThat(o.snapshotProblem().orElseThrow()).contains("checksum");
      assertThat(g.partitioned()).isTrue();
    }
  }

  @Test
  void anUnpartitionedSnapshotOfAGalleryNowLargeEnoughIsPartitionedOnOpening() throws IOException {
    Path file = snapshotOfSource(settings.withPartitioning(Partitioning.NONE));
    Gallery.Opened o =
        Gallery.open(settings.withExactBelow(0).withPartitioning(SIXTEEN), file, source);
    try (Gallery g = o.gallery()) {
      assertThat(o.fromSnapshot()).isTrue();
      assertThat(g.partitioned()).isTrue();
      assertThat(g.decide(s.capture(MODEL, ids.get(7))).best().get().rider().value())
          .isEqualTo("r7");
    }
  }

  @Test
  void notAFileOfOursIsRebuiltFromTheSource() throws IOException {
    Path file = dir.resolve("junk");
    Files.write(file, new byte[1000]);
    assertRebuilt(file, "not a gallery snapshot");
  }

  @Test
  void aSourceThatLostTheChangesSinceTheSnapshotRebuilds() throws IOException {
    Path file = snapshotOfSource(settings);
    source.put(new RiderKey("later"), s.one(MODEL, s.identity()));
    source.forgetLog();
    Gallery.Opened o = Gallery.open(settings, file, source);
    try (Gallery g = o.gallery()) {
      assertThat(o.fromSnapshot()).isFalse();
      assertThat(o.snapshotProblem().orElseThrow()).contains("replay");
      assertThat(g.riderCount()).isEqualTo(400);
    }
  }
}
