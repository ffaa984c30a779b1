package org.facefare.face;

import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.facefare.face.align.*;
import org.facefare.face.detect.*;
import org.facefare.face.embed.*;
import org.facefare.face.eval.*;
import org.facefare.face.image.*;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.*;
import org.facefare.face.tfjs.ImportListener;
import org.junit.jupiter.api.Test;

class ScratchAccuracyTest {
  @Test
  void run() throws Exception {
    String ds = System.getenv().getOrDefault("DS", "att");
    double margin = Double.parseDouble(System.getenv().getOrDefault("MARGIN", "0.25"));
    FaceModels fm = new FaceModels(ModelCache.fromEnvironment(), ImportListener.NONE);
    BlazeFaceDetector det =
        new BlazeFaceDetector(fm.session(FaceModel.BLAZEFACE, InferenceSettings.SINGLE_THREAD));
    Map<String, Embedder> embedders = new LinkedHashMap<>();
    for (String v :
        System.getenv().getOrDefault("VARIANTS", "mobilefacenet:112:1:UNIT:0").split(",")) {
      String[] p = v.split(":");
      FaceModel m = FaceModel.byId(p[0]).get();
      PixelScaling sc =
          switch (p[3]) {
            case "UNIT" -> PixelScaling.UNIT;
            case "SYM" -> PixelScaling.SYMMETRIC;
            default -> PixelScaling.RAW;
          };
      embedders.put(
          v,
          new Embedder(
              fm.session(m, InferenceSettings.SINGLE_THREAD),
              new EmbedderSpec(
                  p[0],
                  EmbedderSpec.framed(Integer.parseInt(p[1]), Double.parseDouble(p[2])),
                  sc,
                  TensorLayout.NHWC,
                  p[4].equals("1")),
              null));
    }
    FaceDataset data = FaceDataset.load(Path.of("/work/shared/datasets", ds));
    ImageDecoder dec = new ImageDecoder();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    embedders
        .keySet()
        .forEach(k -> samples.put(k, Collections.synchronizedList(new ArrayList<>())));
    int[] nofaces = new int[1];
    ExecutorService ex = Executors.newFixedThreadPool(2);
    List<Future<?>> fs = new ArrayList<>();
    for (DatasetImage di : data.images()) {
      fs.add(
          ex.submit(
              () -> {
                try {
                  RgbImage img = dec.decode(Files.readAllBytes(di.path())).image();
                  ImagePyramid pyr = new ImagePyramid(img);
                  List<Detection> d =
                      det.detect(
                          pyr, 0.3, 0.3, Math.max(img.width(), img.height()) < 400 ? margin : 0);
                  if (d.isEmpty()) {
                    synchronized (nofaces) {
                      nofaces[0]++;
                    }
                    for (var e : embedders.keySet())
                      samples.get(e).add(Sample.unusable(di.identity(), di.imageId(), "NO_FACE"));
                    return null;
                  }
                  List<Point2> k = d.get(0).keypoints();
                  Landmarks lm = Landmarks.fourPoint(k.get(0), k.get(1), k.get(2), k.get(3));
                  for (var e : embedders.entrySet()) {
                    float[] v = e.getValue().embed(e.getValue().crop(pyr, lm));
                    samples.get(e.getKey()).add(Sample.usable(di.identity(), di.imageId(), v));
                  }
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
                return null;
              }));
    }
    for (Future<?> f : fs) f.get();
    ex.shutdown();
    System.out.println(
        "dataset " + ds + " images " + data.images().size() + " noface " + nofaces[0]);
    for (var e : samples.entrySet()) {
      EvalResult r = Evaluation.run(e.getValue(), EvalSettings.builder(ds, e.getKey()).build());
      System.out.println(
          "RESULT "
              + e.getKey()
              + " eer="
              + r.verification().eer()
              + " tar="
              + r.verification().tarAtFar().stream()
                  .map(t -> String.format("%.4f", t.tar()))
                  .toList()
              + " rank1="
              + String.format("%.4f", r.identification().rank1())
              + " fnir="
              + r.identification().fnirAtFpir().stream()
                  .map(t -> String.format("%.4f", t.fnir()))
                  .toList());
    }
  }
}
