/**
 * FaceFare's face engine: image decoding, detection, alignment, quality, presentation-attack
 * detection, embedding and templates, the TensorFlow.js and face-api.js importers, and the accuracy
 * evaluation. The generated ONNX protobuf classes stay internal.
 */
module org.facefare.face {
  requires transitive java.desktop;
  requires transitive com.microsoft.onnxruntime;
  requires com.google.protobuf;
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.compress;
  requires org.jfree.jfreechart;

  exports org.facefare.face;
  exports org.facefare.face.align;
  exports org.facefare.face.detect;
  exports org.facefare.face.embed;
  exports org.facefare.face.eval;
  exports org.facefare.face.faceapi;
  exports org.facefare.face.image;
  exports org.facefare.face.models;
  exports org.facefare.face.onnx;
  exports org.facefare.face.pad;
  exports org.facefare.face.quality;
  exports org.facefare.face.tfjs;
}
