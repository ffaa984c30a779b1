package org.facefare.face.tfjs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of a graph that computes the chosen outputs: the outputs themselves, the live nodes in
 * an order where every node follows its inputs, and how many times each live node's value is read.
 *
 * @param outputs ONNX output name to the tensor it exposes, in output order
 * @param order the live nodes, inputs first
 * @param readers per live node, the number of live data inputs reading it plus the outputs showing
 *     it
 */
record GraphSelection(
    Map<String, TensorRef> outputs, List<TfNode> order, Map<String, Integer> readers) {

  /**
   * Resolves the outputs to import.
   *
   * @param requested output names (signature keys, node names or {@code node:0} tensor names); when
   *     empty, the model's signature outputs, or else (as TensorFlow.js does) every node no other
   *     node reads
   * @return ONNX output name to tensor, in output order
   */
  static Map<String, TensorRef> outputs(GraphModel model, List<String> requested) {
    Map<String, TfNode> byName = byName(model);
    Map<String, TensorRef> outputs = new LinkedHashMap<>();
    if (!requested.isEmpty()) {
      for (String name : requested) {
        String tensor = model.signatureOutputs().getOrDefault(name, name);
        if (outputs.put(name, resolve(byName, tensor, "requested output '" + name + "'")) != null) {
          throw new TfjsImportException("output '" + name + "' is requested twice");
        }
      }
    } else if (!model.signatureOutputs().isEmpty()) {
      model
          .signatureOutputs()
          .forEach(
              (key, tensor) ->
                  outputs.put(key, resolve(byName, tensor, "signature output '" + key + "'")));
    } else {
      Set<String> read = new HashSet<>();
      for (TfNode n : model.nodes()) {
        n.inputs().forEach(in -> read.add(in.node()));
        read.addAll(n.controlInputs());
      }
      for (TfNode n : model.nodes()) {
        if (!read.contains(n.name())) {
          outputs.put(n.name(), new TensorRef(n.name(), 0));
        }
      }
    }
    return outputs;
  }

  /** Keeps what computes {@code outputs} (resolved by {@link #outputs}) and prunes the rest. */
  static GraphSelection of(GraphModel model, Map<String, TensorRef> outputs) {
    List<TfNode> order = topologicalOrder(byName(model), outputs.values());
    Map<String, Integer> readers = new HashMap<>();
    for (TfNode n : order) {
      for (TensorRef in : n.inputs()) {
        readers.merge(in.node(), 1, Integer::sum);
      }
    }
    outputs.values().forEach(t -> readers.merge(t.node(), 1, Integer::sum));
    return new GraphSelection(outputs, order, readers);
  }

  private static Map<String, TfNode> byName(GraphModel model) {
    Map<String, TfNode> byName = new HashMap<>();
    for (TfNode n : model.nodes()) {
      byName.put(n.name(), n);
    }
    return byName;
  }

  private static TensorRef resolve(Map<String, TfNode> byName, String tensor, String what) {
    TensorRef ref;
    try {
      ref = TensorRef.parse(tensor);
    } catch (IllegalArgumentException e) {
      throw new TfjsImportException(what + ": " + e.getMessage(), e);
    }
    if (!byName.containsKey(ref.node())) {
      throw new TfjsImportException(what + " names no node of the graph ('" + tensor + "')");
    }
    if (ref.index() != 0) {
      throw new TfjsImportException(
          what
              + " is output "
              + ref.index()
              + " of its node; only single-output ops are supported");
    }
    return ref;
  }

  /** Depth-first post-order over data inputs, without recursion; fails on cycles. */
  private static List<TfNode> topologicalOrder(
      Map<String, TfNode> byName, Iterable<TensorRef> roots) {
    List<TfNode> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> onPath = new HashSet<>();
    for (TensorRef root : roots) {
      Deque<TfNode> stack = new ArrayDeque<>();
      Deque<Integer> next = new ArrayDeque<>();
      if (done.contains(root.node())) {
        continue;
      }
      stack.push(byName.get(root.node()));
      next.push(0);
      onPath.add(root.node());
      while (!stack.isEmpty()) {
        TfNode n = stack.peek();
        int i = next.pop();
        if (i == n.inputs().size()) {
          stack.pop();
          onPath.remove(n.name());
          done.add(n.name());
          order.add(n);
          continue;
        }
        next.push(i + 1);
        TensorRef in = n.inputs().get(i);
        TfNode child = byName.get(in.node());
        if (child == null) {
          throw TfjsImportException.at(n, "reads '" + in.node() + "', which is not a node");
        }
        if (in.index() != 0) {
          throw TfjsImportException.at(
              n,
              "reads output "
                  + in.index()
                  + " of '"
                  + in.node()
                  + "'; only single-output ops are supported");
        }
        if (done.contains(child.name())) {
          continue;
        }
        if (!onPath.add(child.name())) {
          throw TfjsImportException.at(n, "is part of a cycle through '" + child.name() + "'");
        }
        stack.push(child);
        next.push(0);
      }
    }
    return order;
  }
}
