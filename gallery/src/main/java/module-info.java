/**
 * FaceFare's gallery: the in-memory 1:N index of enrolled riders' templates and its open-set
 * decision. Only the decision API is exported; the index, kernels and snapshot format are internal.
 */
module org.facefare.gallery {
  requires transitive org.facefare.face;
  requires static jdk.incubator.vector;

  exports org.facefare.gallery;
}
