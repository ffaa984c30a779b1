package org.facefare.face.tfjs;

/** One output of one graph node, written {@code node} or {@code node:index} in a GraphDef. */
record TensorRef(String node, int index) {

  /** Parses a data input or tensor name; control inputs ({@code ^node}) are not tensors. */
  static TensorRef parse(String name) {
    if (name.isEmpty() || name.startsWith("^")) {
      throw new IllegalArgumentException("not a tensor name: '" + name + "'");
    }
    int colon = name.lastIndexOf(':');
    if (colon < 0) {
      return new TensorRef(name, 0);
    }
    String index = name.substring(colon + 1);
    if (colon == 0 || index.isEmpty() || !index.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a tensor name: '" + name + "'");
    }
    return new TensorRef(name.substring(0, colon), Integer.parseInt(index));
  }
}
