package org.facefare.face;

import java.nio.file.*;
import java.util.*;
import org.facefare.face.align.ImagePyramid;
import org.facefare.face.detect.*;
import org.facefare.face.image.*;
import org.facefare.face.models.ModelCache;
import org.facefare.face.onnx.*;
import org.facefare.face.tfjs.ImportListener;
import org.junit.jupiter.api.Test;

class ScratchDetectTest {
  @Test
  void run() throws Exception {
    FaceModels fm = new FaceModels(ModelCache.fromEnvironment(), ImportListener.NONE);
    long t0 = System.nanoTime();
    InferenceSession s = fm.session(FaceModel.BLAZEFACE, InferenceSettings.SINGLE_THREAD);
    System.out.println("load ms " + (System.nanoTime() - t0) / 1e6);
    BlazeFaceDetector det = new BlazeFaceDetector(s);
    ImageDecoder dec = new ImageDecoder();
    List<Path> files = new ArrayList<>();
    try (var st =
        Files.list(Path.of(System.getProperty("user.home"), ".cache/facefare/models/face-api"))) {
      st.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(files::add);
    }
    for (String d : List.of("att/s1", "yaleb/yaleB01", "celeb-thumbs")) {
      Path dir = Path.of("/work/shared/datasets", d);
      if (d.equals("celeb-thumbs")) {
        try (var st = Files.list(dir)) {
          dir = st.sorted().findFirst().get();
        }
      }
      try (var st = Files.list(dir)) {
        st.sorted().limit(6).forEach(files::add);
      }
    }
    for (Path f : files) {
      RgbImage img = dec.decode(Files.readAllBytes(f)).image();
      long t = System.nanoTime();
      List<Detection> ds =
          det.detect(
              new ImagePyramid(img),
              0.3,
              0.3,
              img.width() < 400 ? Double.parseDouble(System.getProperty("margin", "0.25")) : 0);
      double ms = (System.nanoTime() - t) / 1e6;
      System.out.printf(
          "%s %dx%d ms=%.1f n=%d %s%n",
          f.getFileName(),
          img.width(),
          img.height(),
          ms,
          ds.size(),
          ds.isEmpty()
              ? ""
              : String.format(
                  "score=%.2f box=%.0f,%.0f,%.0f,%.0f eyeL=%.0f,%.0f eyeR=%.0f,%.0f",
                  ds.get(0).score(),
                  ds.get(0).box().left(),
                  ds.get(0).box().top(),
                  ds.get(0).box().right(),
                  ds.get(0).box().bottom(),
                  ds.get(0).keypoints().get(0).x(),
                  ds.get(0).keypoints().get(0).y(),
                  ds.get(0).keypoints().get(1).x(),
                  ds.get(0).keypoints().get(1).y()));
    }
  }
}
