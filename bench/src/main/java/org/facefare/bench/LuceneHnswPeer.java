package org.facefare.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * The gallery bench's graph-index peer: Lucene's HNSW ({@code Lucene99HnswVectorsFormat}) over the
 * same unit vectors, one segment built in one flush, searched one probe at a time with the number
 * of candidates ({@code k}, Lucene's beam) raised until recall@1 against the exact top-1 reaches
 * the target.
 *
 * <p>Lucene builds a segment's graph on the flushing thread (one thread; only merges can use more),
 * and a query on one segment runs on the calling thread.
 */
final class LuceneHnswPeer {

  private LuceneHnswPeer() {}

  /** One measured point: the beam, recall@1, latency and QPS. */
  static Map<String, Object> point(
      String config, double recall, double[] latMs, double buildS, double indexMb) {
    double[] l = latMs.clone();
    Arrays.sort(l);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", config);
    m.put("recall_at_1", recall);
    m.put("p50_ms", FaceBench.percentile(l, 50));
    m.put("p99_ms", FaceBench.percentile(l, 99));
    m.put("qps", l.length / (Arrays.stream(l).sum() / 1e3));
    m.put("build_s", buildS);
    m.put("index_mb", indexMb);
    return m;
  }

  /**
   * Builds the graph over {@code base} (row i is document i) in {@code dir} and sweeps the beam.
   *
   * @param truth the exact top-1 row of each probe
   */
  static Map<String, Object> run(
      float[][] base, float[][] probes, int[] truth, int m, int beam, double target, Path dir)
      throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("library", "lucene-core 10.6.0, Lucene99HnswVectorsFormat");
    out.put("max_conn", m);
    out.put("beam_width", beam);
    long t0 = System.nanoTime();
    try (Directory d = new MMapDirectory(dir)) {
      IndexWriterConfig cfg =
          new IndexWriterConfig()
              .setCodec(
                  new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                      return new Lucene99HnswVectorsFormat(m, beam);
                    }
                  })
              .setRAMBufferSizeMB(1900)
              .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH)
              .setMergePolicy(NoMergePolicy.INSTANCE);
      try (IndexWriter w = new IndexWriter(d, cfg)) {
        for (float[] v : base) {
          Document doc = new Document();
          doc.add(new KnnFloatVectorField("v", v, VectorSimilarityFunction.DOT_PRODUCT));
          w.addDocument(doc);
        }
        w.commit();
      }
      double buildS = (System.nanoTime() - t0) / 1e9;
      out.put("build_s", buildS);
      try (DirectoryReader r = DirectoryReader.open(d)) {
        out.put("segments", r.leaves().size());
        if (r.leaves().size() != 1) {
          throw new IllegalStateException("Lucene wrote " + r.leaves().size() + " segments");
        }
        IndexSearcher s = new IndexSearcher(r);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int k : new int[] {10, 20, 40, 80, 160, 320, 640}) {
          for (int i = 0; i < Math.min(50, probes.length); i++) {
            s.search(new KnnFloatVectorQuery("v", probes[i], k), 1);
          }
          double[] lat = new double[probes.length];
          int hits = 0;
          for (int i = 0; i < probes.length; i++) {
            long q0 = System.nanoTime();
            TopDocs td = s.search(new KnnFloatVectorQuery("v", probes[i], k), 1);
            lat[i] = (System.nanoTime() - q0) / 1e6;
            if (td.scoreDocs.length > 0 && td.scoreDocs[0].doc == truth[i]) {
              hits++;
            }
          }
          double recall = hits / (double) probes.length;
          points.add(
              point(
                  "Lucene HNSW M" + m + " beam" + beam + ", k " + k,
                  recall,
                  lat,
                  buildS,
                  base.length * (base[0].length * 4.0 + m * 2 * 4) / (1 << 20)));
          System.err.printf("bench gallery: Lucene HNSW k %d: recall %.4f%n", k, recall);
          if (recall >= target) {
            break;
          }
        }
        out.put("points", points);
      }
    }
    return out;
  }
}
