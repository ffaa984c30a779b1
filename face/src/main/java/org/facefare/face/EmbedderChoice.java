package org.facefare.face;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.facefare.face.embed.EmbedderSpec;
import org.facefare.face.image.PixelScaling;
import org.facefare.face.image.TensorLayout;

/**
 * Which embedding model the engine uses: one of the default models, or any ONNX file that follows
 * the model contract in {@code docs/models.md}.
 */
public sealed interface EmbedderChoice {

  /** The id written into templates. */
  String id();

  /** How the model reads faces. */
  EmbedderSpec spec();

  /**
   * A default model converted from TensorFlow.js.
   *
   * @param model the model
   * @param spec how it reads faces
   * @param output its embedding output
   */
  record Default(FaceModel model, EmbedderSpec spec, String output) implements EmbedderChoice {
    @Override
    public String id() {
      return model.id();
    }
  }

  /**
   * A user-supplied ONNX model.
   *
   * @param file the {@code .onnx} file
   * @param spec how it reads faces
   */
  record OnnxFile(Path file, EmbedderSpec spec) implements EmbedderChoice {
    /** Checks the arguments. */
    public OnnxFile {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String id() {
      return spec.id();
    }
  }

  /**
   * Several embedders whose unit embeddings are concatenated, each scaled by the square root of its
   * weight, so that the cosine of two fused templates is the weighted mean of the parts' cosines
   * (score-level fusion by the sum rule; Kittler et al., "On combining classifiers", IEEE TPAMI
   * 1998).
   *
   * @param id the fused model's id
   * @param parts the embedders
   * @param weights one positive weight per part
   */
  record Fused(String id, List<Default> parts, List<Double> weights) implements EmbedderChoice {
    /** Checks the parts and weights. */
    public Fused {
      parts = List.copyOf(parts);
      weights = List.copyOf(weights);
      if (parts.size() < 2 || parts.size() != weights.size()) {
        throw new IllegalArgumentException("a fused embedder needs two or more weighted parts");
      }
      for (double w : weights) {
        if (!(w > 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("fusion weights must be positive, got " + w);
        }
      }
    }

    @Override
    public EmbedderSpec spec() {
      return parts.get(0).spec();
    }
  }

  /** HSE FaceRes, 224×224 with ArcFace framing, raw 0–255 input. */
  static EmbedderChoice faceres() {
    return new Default(
        FaceModel.FACERES,
        new EmbedderSpec(
            "faceres", EmbedderSpec.framed(224, 1.0), PixelScaling.RAW, TensorLayout.NHWC, false),
        "global_pooling/Mean");
  }

  /** InsightFace MobileFace, 112×112 ArcFace-aligned, raw input (the graph subtracts 127.5). */
  static EmbedderChoice mobileface() {
    return new Default(
        FaceModel.MOBILEFACE,
        new EmbedderSpec(
            "mobileface",
            EmbedderSpec.framed(112, 1.0),
            PixelScaling.RAW,
            TensorLayout.NHWC,
            false),
        null);
  }

  /**
   * face-api.js's dlib ResNet-34 descriptor, 150×150 in face-api's own framing (turned upright),
   * raw 0–255 input (mean subtraction is inside the converted graph): the measured best, the
   * default.
   */
  static EmbedderChoice faceApiResnet() {
    return new Default(
        FaceModel.FACEAPI_RESNET,
        new EmbedderSpec(
            "faceapi-resnet",
            EmbedderSpec.faceApiFraming(150),
            PixelScaling.RAW,
            TensorLayout.NHWC,
            false),
        "descriptor");
  }

  /** MobileFaceNet, 112×112 ArcFace-aligned, input in [0, 1] as Human feeds it. */
  static EmbedderChoice mobilefacenet() {
    return new Default(
        FaceModel.MOBILEFACENET,
        new EmbedderSpec(
            "mobilefacenet",
            EmbedderSpec.framed(112, 1.0),
            PixelScaling.UNIT,
            TensorLayout.NHWC,
            false),
        null);
  }

  /**
   * An ArcFace-convention ONNX embedder: 112×112 ArcFace-aligned RGB, NCHW, {@code (v − 127.5) /
   * 127.5}.
   */
  static EmbedderChoice arcFaceOnnx(Path file, String id) {
    return new OnnxFile(
        file,
        new EmbedderSpec(
            id, EmbedderSpec.framed(112, 1.0), PixelScaling.SYMMETRIC, TensorLayout.NCHW, false));
  }

  /**
   * The embedder a command-line name denotes: a default model id, or a path ending in {@code .onnx}
   * (ArcFace conventions).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static EmbedderChoice named(String name) {
    return switch (name) {
      case "faceres" -> faceres();
      case "mobileface" -> mobileface();
      case "mobilefacenet" -> mobilefacenet();
      case "faceapi-resnet" -> faceApiResnet();
      default -> {
        if (name.endsWith(".onnx")) {
          Path p = Path.of(name);
          String file = p.getFileName().toString();
          yield arcFaceOnnx(p, "onnx:" + file.substring(0, file.length() - 5));
        }
        throw new IllegalArgumentException(
            "unknown embedder '"
                + name
                + "': use faceres, faceapi-resnet, mobileface, mobilefacenet or a path to an .onnx file");
      }
    };
  }
}
