package org.facefare.face.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rewrites the two spellings of PReLU that converted Keras and MXNet models use into one {@code
 * Prelu} node, which is bit-identical and reads the feature map once instead of four or five times:
 *
 * <ul>
 *   <li>{@code Add(Maximum(0, x), Mul(gamma, Minimum(0, x)))}, which is {@code prelu(x, gamma)};
 *   <li>{@code Add(Relu(x), Mul(Sub(x, Abs(x)), m))}, which is {@code prelu(x, 2 m)}.
 * </ul>
 *
 * For {@code x >= 0} both add a signed zero to {@code x}; for {@code x < 0} the first gives {@code
 * gamma * x}, and the second {@code (2 x) * m}, the same correctly rounded product as {@code x * (2
 * m)} since doubling is exact. Where the second form's {@code Relu} was fused into the op producing
 * {@code x} (so {@code x} is never negative), {@code Add(x, Mul(Sub(x, Abs(x)), m))} is {@code x}
 * for every finite {@code x} and becomes an {@code Identity}. The {@code Add} node is replaced by a
 * {@code Prelu} of the same name; the nodes it no longer reads stay in the graph and are pruned
 * unless something else reads them. Both operand orders of each commutative op are recognised.
 */
final class PreluRewrite {

  private final Map<String, TfNode> byName = new HashMap<>();
  private final Map<String, Tensor> weights;
  private final Map<String, Tensor> added = new HashMap<>();
  private final List<TfNode> addedNodes = new ArrayList<>();

  private PreluRewrite(GraphModel model) {
    model.nodes().forEach(n -> byName.put(n.name(), n));
    this.weights = model.weights();
  }

  static GraphModel apply(GraphModel model) {
    PreluRewrite r = new PreluRewrite(model);
    List<TfNode> nodes = new ArrayList<>();
    for (TfNode n : model.nodes()) {
      nodes.add(r.rewrite(n).orElse(n));
    }
    if (r.addedNodes.isEmpty() && nodes.equals(model.nodes())) {
      return model;
    }
    nodes.addAll(r.addedNodes);
    Map<String, Tensor> allWeights = new HashMap<>(model.weights());
    allWeights.putAll(r.added);
    return new GraphModel(
        model.fileName(),
        nodes,
        model.signatureOutputs(),
        allWeights,
        model.sha256(),
        model.info());
  }

  private Optional<TfNode> rewrite(TfNode add) {
    if (!(add.op().equals("Add") || add.op().equals("AddV2"))
        || !plain(add)
        || add.inputs().size() != 2) {
      return Optional.empty();
    }
    for (int i = 0; i < 2; i++) {
      TensorRef x = add.inputs().get(i);
      TfNode p = node(x);
      TfNode q = node(add.inputs().get(1 - i));
      Optional<TfNode> r =
          maxMinForm(add, p, q)
              .or(() -> reluAbsForm(add, p, q))
              .or(() -> nonNegativeForm(add, x, q));
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** {@code Add(Maximum(0, x), Mul(gamma, Minimum(0, x)))}. */
  private Optional<TfNode> maxMinForm(TfNode add, TfNode max, TfNode mul) {
    if (!is(max, "Maximum") || !is(mul, "Mul")) {
      return Optional.empty();
    }
    Optional<TensorRef> x = besideZero(max);
    if (x.isEmpty()) {
      return Optional.empty();
    }
    for (int i = 0; i < 2; i++) {
      TensorRef gamma = mul.inputs().get(i);
      TfNode min = node(mul.inputs().get(1 - i));
      if (is(min, "Minimum") && perChannel(gamma).isPresent() && besideZero(min).equals(x)) {
        return Optional.of(prelu(add, x.get(), gamma));
      }
    }
    return Optional.empty();
  }

  /** {@code Add(Relu(x), Mul(Sub(x, Abs(x)), m))}. */
  private Optional<TfNode> reluAbsForm(TfNode add, TfNode relu, TfNode mul) {
    if (!is(relu, "Relu") || !is(mul, "Mul")) {
      return Optional.empty();
    }
    TensorRef x = relu.inputs().get(0);
    for (int i = 0; i < 2; i++) {
      TfNode sub = node(mul.inputs().get(i));
      Optional<Tensor.Floats> m = perChannel(mul.inputs().get(1 - i));
      if (m.isPresent() && isNegativePart(sub, x)) {
        float[] twice = m.get().data().clone();
        for (int k = 0; k < twice.length; k++) {
          twice[k] *= 2;
        }
        String name = unique(mul.name() + "/prelu_alpha");
        added.put(name, new Tensor.Floats(m.get().shape(), twice));
        addedNodes.add(new TfNode(name, "Const", List.of(), List.of(), floatConstAttrs()));
        return Optional.of(prelu(add, x, new TensorRef(name, 0)));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code Add(x, Mul(Sub(x, Abs(x)), m))} with {@code x} the output of a ReLU: the PReLU's
   * negative part of a value that is never negative, which adds {@code (+0) * m} to {@code x}.
   */
  private Optional<TfNode> nonNegativeForm(TfNode add, TensorRef x, TfNode mul) {
    TfNode producer = node(x);
    if (producer == null || !nonNegative(producer) || !is(mul, "Mul")) {
      return Optional.empty();
    }
    for (int i = 0; i < 2; i++) {
      TfNode sub = node(mul.inputs().get(i));
      if (perChannel(mul.inputs().get(1 - i)).isPresent() && isNegativePart(sub, x)) {
        return Optional.of(
            new TfNode(add.name(), "Identity", List.of(x), add.controlInputs(), add.attrs()));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code sub} is {@code Sub(x, Abs(x))}. */
  private boolean isNegativePart(TfNode sub, TensorRef x) {
    if (!is(sub, "Sub") || !sub.inputs().get(0).equals(x)) {
      return false;
    }
    TfNode abs = node(sub.inputs().get(1));
    return is(abs, "Abs") && abs.inputs().get(0).equals(x);
  }

  /** A ReLU, ReLU6 or a fused op ending in one. */
  private static boolean nonNegative(TfNode n) {
    return switch (n.op()) {
      case "Relu", "Relu6" -> true;
      case "_FusedConv2D", "FusedDepthwiseConv2dNative", "_FusedMatMul" -> {
        List<String> ops = n.strings("fused_ops");
        yield ops.size() == 2 && (ops.get(1).equals("Relu") || ops.get(1).equals("Relu6"));
      }
      default -> false;
    };
  }

  private static JsonNode floatConstAttrs() {
    ObjectNode attrs = JsonNodeFactory.instance.objectNode();
    attrs.putObject("dtype").put("type", "DT_FLOAT");
    return attrs;
  }

  private static TfNode prelu(TfNode add, TensorRef x, TensorRef alpha) {
    return new TfNode(add.name(), "Prelu", List.of(x, alpha), add.controlInputs(), add.attrs());
  }

  /** For {@code op(0, x)} or {@code op(x, 0)} with a scalar constant zero: {@code x}. */
  private Optional<TensorRef> besideZero(TfNode n) {
    for (int i = 0; i < 2; i++) {
      if (constant(n.inputs().get(i))
          .filter(t -> t.data().length == 1 && t.shape().length <= 1 && t.data()[0] == 0f)
          .isPresent()) {
        return Optional.of(n.inputs().get(1 - i));
      }
    }
    return Optional.empty();
  }

  /** A float constant that varies at most along its last axis, as a PReLU slope does. */
  private Optional<Tensor.Floats> perChannel(TensorRef ref) {
    return constant(ref)
        .filter(
            t -> {
              int[] s = t.shape();
              for (int i = 0; i < s.length - 1; i++) {
                if (s[i] != 1) {
                  return false;
                }
              }
              return s.length <= 4;
            });
  }

  private Optional<Tensor.Floats> constant(TensorRef ref) {
    TfNode n = byName.get(ref.node());
    if (n == null || !n.op().equals("Const") || ref.index() != 0) {
      return Optional.empty();
    }
    return weights.get(n.name()) instanceof Tensor.Floats f ? Optional.of(f) : Optional.empty();
  }

  /** Whether the node is a plain float {@code op} of two inputs (one for unary ops). */
  private static boolean is(TfNode n, String op) {
    return n != null
        && n.op().equals(op)
        && plain(n)
        && n.inputs().size() == (op.equals("Relu") || op.equals("Abs") ? 1 : 2);
  }

  /** No attributes but a float {@code T}, so nothing changes what the op computes. */
  private static boolean plain(TfNode n) {
    Iterator<String> names = n.attrs().fieldNames();
    while (names.hasNext()) {
      if (!names.next().equals("T")) {
        return false;
      }
    }
    return n.type("T", "DT_FLOAT").equals("DT_FLOAT");
  }

  private TfNode node(TensorRef ref) {
    return ref.index() == 0 ? byName.get(ref.node()) : null;
  }

  private String unique(String base) {
    String name = base;
    for (int i = 1; byName.containsKey(name) || added.containsKey(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }
}
