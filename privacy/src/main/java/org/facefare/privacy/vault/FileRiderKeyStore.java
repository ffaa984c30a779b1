package org.facefare.privacy.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.facefare.privacy.Canonical;
import org.facefare.privacy.Pseudonym;

/**
 * A {@link RiderKeyStore} in a folder of its own: one small file per rider's wrapped key and one
 * tombstone per erased rider, each written to a temporary file, forced to disk and renamed into
 * place, so a crash leaves the old state or the new one.
 *
 * <p>The folder must not be part of the database's backups, and must be replicated, not backed up
 * (a replica applies each destruction; a backup keeps the key). A destroyed key's file is
 * overwritten and forced before it is deleted; on flash and copy-on-write file systems an overwrite
 * does not guarantee the old blocks are gone (NIST SP 800-88 Rev. 1 §2.5), which is why the files
 * hold only keys wrapped by the master key: rotating the master key and retiring the old version
 * makes any lingering copy of this folder unreadable as a whole.
 */
public final class FileRiderKeyStore implements RiderKeyStore {

  private static final String TAG = "facefare-rider-key-v1";
  private static final int STRIPES = 64;

  private final Path keys;
  private final Path tombstones;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  /**
   * Opens (creating if absent) the key store in {@code folder}.
   *
   * @throws IOException if the folder cannot be created
   */
  public FileRiderKeyStore(Path folder) throws IOException {
    this.keys = Files.createDirectories(folder.resolve("keys"));
    this.tombstones = Files.createDirectories(folder.resolve("erased"));
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public void create(WrappedKey key) {
    String name = fileName(key.rider());
    ReentrantLock lock = lock(name);
    lock.lock();
    try {
      Optional<Instant> erased = erasedAt(key.rider());
      if (erased.isPresent()) {
        throw new ErasedException(key.rider(), erased.get());
      }
      if (Files.exists(keys.resolve(name))) {
        throw new IllegalStateException("rider " + key.rider() + " has a data key already");
      }
      writeAtomically(keys, name, encode(key));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<WrappedKey> get(Pseudonym rider) {
    return read(keys.resolve(fileName(rider)));
  }

  @Override
  public boolean replace(WrappedKey expected, WrappedKey next) {
    if (!expected.rider().equals(next.rider())) {
      throw new IllegalArgumentException("a re-wrap must be for the same rider");
    }
    String name = fileName(expected.rider());
    ReentrantLock lock = lock(name);
    lock.lock();
    try {
      Optional<WrappedKey> current = read(keys.resolve(name));
      if (current.isEmpty() || !current.get().equals(expected)) {
        return false;
      }
      writeAtomically(keys, name, encode(next));
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean destroy(Pseudonym rider, Instant when) {
    String name = fileName(rider);
    ReentrantLock lock = lock(name);
    lock.lock();
    try {
      if (erasedAt(rider).isEmpty()) {
        writeAtomically(
            tombstones, name, Canonical.tagged(TAG + "-erased").instant(when).toBytes());
      }
      Path file = keys.resolve(name);
      if (!Files.exists(file)) {
        return false;
      }
      long length = Files.size(file);
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
        c.write(ByteBuffer.allocate((int) length), 0);
        c.force(true);
      }
      Files.delete(file);
      forceFolder(keys);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("could not destroy the data key of " + rider, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Instant> erasedAt(Pseudonym rider) {
    Path file = tombstones.resolve(fileName(rider));
    try {
      byte[] b = Files.readAllBytes(file);
      Canonical.Reader r = new Canonical.Reader(b, TAG + "-erased");
      Instant when = r.instant();
      r.end();
      return Optional.of(when);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the tombstone " + file, e);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new VaultException("the tombstone " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  @Override
  public void forEach(Consumer<WrappedKey> action) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(keys, "*.key")) {
      for (Path f : files) {
        read(f).ifPresent(action);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the key store " + keys, e);
    }
  }

  private Optional<WrappedKey> read(Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the data key " + file, e);
    }
    try {
      Canonical.Reader r = new Canonical.Reader(b, TAG);
      WrappedKey key = new WrappedKey(new Pseudonym(r.text()), r.text(), r.bytes());
      r.end();
      if (!fileName(key.rider()).equals(file.getFileName().toString())) {
        throw new IllegalArgumentException("it holds the key of another rider, " + key.rider());
      }
      return Optional.of(key);
    } catch (IllegalArgumentException e) {
      throw new VaultException("the data key file " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  private static byte[] encode(WrappedKey key) {
    return Canonical.tagged(TAG)
        .text(key.rider().value())
        .text(key.masterKeyId())
        .bytes(key.wrapped())
        .toBytes();
  }

  private static void writeAtomically(Path folder, String name, byte[] content) {
    Path tmp = folder.resolve(name + ".tmp");
    try {
      try (FileChannel c =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        c.write(ByteBuffer.wrap(content));
        c.force(true);
      }
      try {
        Files.move(
            tmp,
            folder.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the key store's file system cannot rename atomically", e);
      }
      forceFolder(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + folder.resolve(name), e);
    }
  }

  /** Forces a folder's entries to disk (a no-op where folders cannot be opened, e.g. Windows). */
  private static void forceFolder(Path folder) throws IOException {
    try (FileChannel c = FileChannel.open(folder, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }

  private ReentrantLock lock(String name) {
    return locks[Math.floorMod(name.hashCode(), STRIPES)];
  }

  private static String fileName(Pseudonym rider) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(rider.value().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h) + ".key";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
