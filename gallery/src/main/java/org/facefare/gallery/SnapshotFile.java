package org.facefare.gallery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The gallery's snapshot file, little-endian: a header (magic {@code FFGALSNP}, format version,
 * precision, dimension, code words, CRC32C of the model's centre, source position, rider and
 * template counts, the partition's coarse and per-coarse leaf counts (0 when not partitioned),
 * model id), the riders' pseudonyms, the partition's coarse and leaf centroids, each template's
 * rider, inverse norm, binary code, stored vector and (when partitioned) inverted list, then a
 * CRC32C of everything before it and the end magic {@code FFGALEND}. A partitioned gallery writes
 * its templates list by list, so that the lists are rebuilt in the same order without re-assigning
 * anything.
 *
 * <p>Reading memory-maps the file (in windows: a mapped buffer stops at 2 GiB) and verifies its
 * length, end magic and checksum over the whole file before building anything, and builds into a
 * fresh index, so that a corrupt or truncated file is never half-loaded.
 */
final class SnapshotFile {

  static final int VERSION = 2;
  private static final byte[] MAGIC = "FFGALSNP".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "FFGALEND".getBytes(StandardCharsets.US_ASCII);
  private static final int TRAILER = 4 + END.length;
  private static final int HEADER = 60;
  private static final int BATCH = 4096;
  private static final long WINDOW = 1L << 28;

  private SnapshotFile() {}

  /** A snapshot that cannot be used, with the reason. */
  static final class InvalidSnapshotException extends Exception {
    InvalidSnapshotException(String message) {
      super(message);
    }
  }

  /**
   * A snapshot read into a fresh index.
   *
   * @param index the index
   * @param position the source position its state includes
   */
  record Loaded(TemplateIndex index, long position) {}

  static void write(Path file, GallerySettings settings, TemplateIndex index, long position)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      Out out = new Out(ch);
      byte[] model = settings.profile().modelId().getBytes(StandardCharsets.UTF_8);
      int riders = index.liveRiders();
      int slots = index.liveSlots();
      Partition part = index.partition();
      out.bytes(MAGIC);
      out.putInt(VERSION);
      out.putInt(index.precision.ordinal());
      out.putInt(index.dim);
      out.putInt(index.words);
      out.putLong(centreCrc(settings.profile()));
      out.putLong(position);
      out.putInt(riders);
      out.putInt(slots);
      out.putInt(part == null ? 0 : part.top);
      out.putInt(part == null ? 0 : part.per);
      out.putInt(model.length);
      out.bytes(model);
      int[] compact = new int[index.riderHighWater()];
      Arrays.fill(compact, -1);
      int[] next = {0};
      index.forEachSlot(
          (s, r, f, q, vo, inv, code, co, l) -> {
            if (compact[r] < 0) {
              compact[r] = next[0]++;
              byte[] k = index.key(r);
              out.putByte((byte) k.length);
              out.bytes(k);
            }
          });
      if (next[0] != riders) {
        throw new IllegalStateException("rider count changed while writing a snapshot");
      }
      if (part != null) {
        for (float v : part.topCentroids()) {
          out.putFloat(v);
        }
        for (float v : part.leafCentroids()) {
          out.putFloat(v);
        }
      }
      index.forEachSlot((s, r, f, q, vo, inv, code, co, l) -> out.putInt(compact[r]));
      index.forEachSlot((s, r, f, q, vo, inv, code, co, l) -> out.putFloat(inv));
      index.forEachSlot(
          (s, r, f, q, vo, inv, code, co, l) -> {
            for (int w = 0; w < index.words; w++) {
              out.putLong(code[co + w]);
            }
          });
      index.forEachSlot(
          (s, r, f, q, vo, inv, code, co, l) -> {
            if (f != null) {
              for (int i = 0; i < index.dim; i++) {
                out.putFloat(f[vo + i]);
              }
            } else {
              out.bytes(q, vo, index.dim);
            }
          });
      if (part != null) {
        index.forEachSlot((s, r, f, q, vo, inv, code, co, l) -> out.putInt(l));
      }
      out.flush();
      int crc = (int) out.crc.getValue();
      ByteBuffer t = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
      t.putInt(crc).put(END).flip();
      while (t.hasRemaining()) {
        ch.write(t);
      }
      ch.force(true);
    } catch (java.io.UncheckedIOException e) {
      Files.deleteIfExists(tmp);
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Loaded read(Path file, GallerySettings settings, TemplateIndex fresh)
      throws IOException, InvalidSnapshotException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER + TRAILER) {
        throw new InvalidSnapshotException(
            "snapshot " + file + " is truncated (" + size + " bytes)");
      }
      Mapped head = new Mapped(ch, 0);
      if (!Arrays.equals(head.bytes(MAGIC.length), MAGIC)) {
        throw new InvalidSnapshotException("file " + file + " is not a gallery snapshot");
      }
      Mapped tail = new Mapped(ch, size - TRAILER);
      int stored = tail.getInt();
      if (!Arrays.equals(tail.bytes(END.length), END)) {
        throw new InvalidSnapshotException("snapshot " + file + " is truncated (no end marker)");
      }
      long body = size - TRAILER;
      if (crc(ch, body) != stored) {
        throw new InvalidSnapshotException("snapshot " + file + " fails its checksum (corrupt)");
      }
      int version = head.getInt();
      if (version != VERSION) {
        throw new InvalidSnapshotException(
            "snapshot "
                + file
                + " has format version "
                + version
                + "; this build reads "
                + VERSION);
      }
      return parse(ch, head, body, settings, fresh, file);
    }
  }

  private static Loaded parse(
      FileChannel ch, Mapped in, long body, GallerySettings settings, TemplateIndex idx, Path file)
      throws IOException, InvalidSnapshotException {
    int precision = in.getInt();
    int dim = in.getInt();
    int words = in.getInt();
    long centre = in.getLong();
    long position = in.getLong();
    int riders = in.getInt();
    int slots = in.getInt();
    int top = in.getInt();
    int per = in.getInt();
    int modelLen = in.getInt();
    if (modelLen < 0 || modelLen > 1024 || HEADER + modelLen > body) {
      throw new InvalidSnapshotException("snapshot " + file + " has a bad header");
    }
    String model = new String(in.bytes(modelLen), StandardCharsets.UTF_8);
    ModelProfile p = settings.profile();
    if (!model.equals(p.modelId())
        || dim != idx.dim
        || words != idx.words
        || precision != idx.precision.ordinal()
        || centre != centreCrc(p)) {
      throw new InvalidSnapshotException(
          "snapshot "
              + file
              + " was made for "
              + model
              + " "
              + dim
              + "-d "
              + (precision >= 0 && precision < Precision.values().length
                  ? Precision.values()[precision]
                  : "?")
              + " with another centre or code size; this gallery is "
              + p.modelId()
              + " "
              + p.dimension()
              + "-d "
              + settings.precision());
    }
    if (riders < 0 || slots < riders) {
      throw new InvalidSnapshotException("snapshot " + file + " has bad counts");
    }
    Partitioning cfg = settings.partitioning();
    boolean partitioned = top != 0 || per != 0;
    if (partitioned
        && (!cfg.enabled() || !Arrays.equals(new int[] {top, per}, Partition.shape(cfg.lists())))) {
      throw new InvalidSnapshotException(
          "snapshot "
              + file
              + " is partitioned into "
              + top
              + " x "
              + per
              + " lists; this gallery is configured for "
              + (cfg.enabled() ? cfg.lists() + " lists" : "no partition"));
    }
    if (riders > body / 2) {
      throw new InvalidSnapshotException("snapshot " + file + " has more riders than it can hold");
    }
    idx.reserveRiders(riders);
    int[] ids = new int[riders];
    for (int i = 0; i < riders; i++) {
      if (in.position() >= body) {
        throw new InvalidSnapshotException("snapshot " + file + " ends inside its riders");
      }
      int len = Byte.toUnsignedInt(in.bytes(1)[0]);
      if (len == 0 || len > RiderKey.MAX_LENGTH || in.position() + len > body) {
        throw new InvalidSnapshotException("snapshot " + file + " has a bad rider entry");
      }
      byte[] key = in.bytes(len);
      if (idx.find(key) >= 0) {
        throw new InvalidSnapshotException("snapshot " + file + " lists a rider twice");
      }
      ids[i] = idx.addRider(key);
    }
    int lists = top * per;
    if (partitioned) {
      if (in.position() + 4L * dim * (top + (long) lists) > body) {
        throw new InvalidSnapshotException("snapshot " + file + " ends inside its partition");
      }
      float[] topC = new float[top * dim];
      float[] leafC = new float[lists * dim];
      in.floats(topC, topC.length);
      in.floats(leafC, leafC.length);
      for (float v : topC) {
        checkFinite(v, file);
      }
      for (float v : leafC) {
        checkFinite(v, file);
      }
      idx.installPartition(new Partition(dim, words, top, per, topC, leafC, VectorKernels.best()));
    }
    int vbytes = idx.precision == Precision.FLOAT32 ? 4 * dim : dim;
    long start = in.position();
    long need = (long) slots * (4 + 4 + 8L * words + vbytes + (partitioned ? 4 : 0));
    if (start + need != body) {
      throw new InvalidSnapshotException("snapshot " + file + " has a bad length for its counts");
    }
    Mapped owners = new Mapped(ch, start);
    Mapped invs = new Mapped(ch, start + 4L * slots);
    Mapped codes = new Mapped(ch, start + 8L * slots);
    Mapped vectors = new Mapped(ch, start + (8L + 8L * words) * slots);
    Mapped listIds =
        partitioned ? new Mapped(ch, start + (8L + 8L * words + vbytes) * slots) : null;
    int[] li = new int[BATCH];
    int[] o = new int[BATCH];
    float[] inv = new float[BATCH];
    long[] code = new long[BATCH * words];
    float[] f = idx.precision == Precision.FLOAT32 ? new float[BATCH * dim] : null;
    byte[] q = idx.precision == Precision.INT8 ? new byte[BATCH * dim] : null;
    for (int s0 = 0; s0 < slots; s0 += BATCH) {
      int n = Math.min(BATCH, slots - s0);
      owners.ints(o, n);
      invs.floats(inv, n);
      codes.longs(code, n * words);
      if (f != null) {
        vectors.floats(f, n * dim);
      } else {
        vectors.bytes(q, n * dim);
      }
      if (listIds != null) {
        listIds.ints(li, n);
      }
      for (int i = 0; i < n; i++) {
        if (o[i] < 0
            || o[i] >= riders
            || !(inv[i] > 0)
            || !Float.isFinite(inv[i])
            || (partitioned && (li[i] < 0 || li[i] >= lists))) {
          throw new InvalidSnapshotException("snapshot " + file + " has a bad template entry");
        }
        idx.addStoredSlot(ids[o[i]], f, q, i * dim, inv[i], code, i * words, li[i]);
      }
    }
    if (idx.liveRiders() != riders) {
      throw new InvalidSnapshotException("snapshot " + file + " has riders without templates");
    }
    return new Loaded(idx, position);
  }

  private static void checkFinite(float v, Path file) throws InvalidSnapshotException {
    if (!Float.isFinite(v)) {
      throw new InvalidSnapshotException("snapshot " + file + " has a non-finite centroid");
    }
  }

  private static int crc(FileChannel ch, long n) throws IOException {
    CRC32C c = new CRC32C();
    for (long off = 0; off < n; ) {
      long len = Math.min(n - off, WINDOW);
      c.update(ch.map(FileChannel.MapMode.READ_ONLY, off, len));
      off += len;
    }
    return (int) c.getValue();
  }

  /**
   * A sequential little-endian reader over a memory-mapped file, remapping a window of up to 256
   * MiB as it goes (a mapped buffer cannot exceed 2 GiB).
   */
  private static final class Mapped {
    private final FileChannel ch;
    private long base;
    private MappedByteBuffer buf;

    Mapped(FileChannel ch, long start) throws IOException {
      this.ch = ch;
      map(start);
    }

    private void map(long at) throws IOException {
      base = at;
      buf = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(WINDOW, ch.size() - at));
      buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    long position() {
      return base + buf.position();
    }

    private ByteBuffer need(int n) throws IOException {
      if (buf.remaining() < n) {
        map(position());
        if (buf.remaining() < n) {
          throw new IOException("read past the end of the snapshot");
        }
      }
      return buf;
    }

    int getInt() throws IOException {
      return need(4).getInt();
    }

    long getLong() throws IOException {
      return need(8).getLong();
    }

    byte[] bytes(int n) throws IOException {
      byte[] b = new byte[n];
      bytes(b, n);
      return b;
    }

    void bytes(byte[] b, int n) throws IOException {
      need(n).get(b, 0, n);
    }

    void ints(int[] a, int n) throws IOException {
      ByteBuffer b = need(4 * n);
      b.asIntBuffer().get(a, 0, n);
      b.position(b.position() + 4 * n);
    }

    void floats(float[] a, int n) throws IOException {
      ByteBuffer b = need(4 * n);
      b.asFloatBuffer().get(a, 0, n);
      b.position(b.position() + 4 * n);
    }

    void longs(long[] a, int n) throws IOException {
      ByteBuffer b = need(8 * n);
      b.asLongBuffer().get(a, 0, n);
      b.position(b.position() + 8 * n);
    }
  }

  static long centreCrc(ModelProfile p) {
    float[] c = p.centreView();
    ByteBuffer b = ByteBuffer.allocate(4 * c.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : c) {
      b.putFloat(v);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array());
    return crc.getValue();
  }

  /** A little-endian buffered writer that checksums what it writes. */
  private static final class Out {
    private final FileChannel ch;
    private final ByteBuffer buf =
        ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();

    Out(FileChannel ch) {
      this.ch = ch;
    }

    private void room(int n) {
      if (buf.remaining() < n) {
        flush();
      }
    }

    void flush() {
      buf.flip();
      crc.update(buf.duplicate());
      try {
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      buf.clear();
    }

    void putByte(byte v) {
      room(1);
      buf.put(v);
    }

    void putInt(int v) {
      room(4);
      buf.putInt(v);
    }

    void putLong(long v) {
      room(8);
      buf.putLong(v);
    }

    void putFloat(float v) {
      room(4);
      buf.putFloat(v);
    }

    void bytes(byte[] b) {
      bytes(b, 0, b.length);
    }

    void bytes(byte[] b, int off, int n) {
      room(n);
      buf.put(b, off, n);
    }
  }
}
