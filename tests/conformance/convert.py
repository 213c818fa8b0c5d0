#!/usr/bin/python3
"""convert.py — turns ONNX's own operator test vectors (Debian libonnx-testdata) into one JSON
manifest that conformance_test.cpp runs through the CNN Lab engine.

Usage: /usr/bin/python3 tests/conformance/convert.py OUT_DIR   (writes OUT_DIR/manifest.json)

Every selected ONNX case becomes one manifest entry, either runnable or skipped with the reason.
A runnable entry says how to express the ONNX node through the engine's public API:
  kind "network":  a Sequential model spec, its weights ([out, in, kh, kw] / [out, in], as
                   ONNX and PyTorch store them), an input (N, C, H, W), and the layer whose
                   output must equal the ONNX output (shape and values).
  kind "sce":      logits (rows, K) and labels for softmax_cross_entropy, expected mean loss.
  kind "momentum": ONNX Momentum's R, X, G, V and expected X_new, V_new for the SGD optimizer.
Only layout rewrites that leave the arithmetic unchanged are made here (reshapes that treat
leading axes as the batch, moving SCE's class axis last, folding Gemm's alpha/beta/trans into
a dense layer's weights); each one is recorded in the entry's "mapping" text.
"""
import glob
import json
import math
import os
import re
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

DATA = "/usr/share/libonnx-testdata/data"
NODE_PATTERN = re.compile(
    r"^test_(conv(?!integer|transpose)|maxpool|averagepool|gemm|relu$|sigmoid|tanh|softmax|flatten|"
    r"sce_mean|momentum|adam|nesterov)")
PYTORCH_PATTERN = re.compile(r"^test_(Conv2d|Linear|MaxPool2d|AvgPool2d)")


class Skip(Exception):
    """Raised by a mapper when the ONNX case has semantics the engine does not offer."""


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def floats(a):
    # float32 → Python float (a double) is exact, and json writes the double's shortest repr,
    # so the C++ side reads back the identical float32.
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def tensor_json(a):
    return {"shape": list(a.shape), "data": floats(a)}


def attrs_of(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def single_node(model, op):
    nodes = list(model.graph.node)
    if len(nodes) != 1 or nodes[0].op_type != op:
        raise Skip("graph is not a single %s node" % op)
    return attrs_of(nodes[0])


def require_float(*arrays):
    for a in arrays:
        if a.dtype != np.float32:
            raise Skip("%s tensors; the engine computes in float32 only" % a.dtype)


def spec(c, h, w, classes, layers):
    return {"input": {"channels": int(c), "height": int(h), "width": int(w)},
            "classes": ["c%d" % i for i in range(int(classes))], "layers": layers}


def network(model_spec, x4, compare_layer, expected, expected_shape, weights, mapping):
    return {"kind": "network", "spec": model_spec, "input": tensor_json(x4),
            "weights": {k: tensor_json(v) for k, v in weights.items()},
            "compare_layer": compare_layer,
            "expected": {"shape": list(expected_shape), "data": floats(expected)},
            "mapping": mapping}


def window_pads(attrs, spatial, kernel, strides, what):
    """Symmetric per-axis padding [ph, pw] from ONNX pads / auto_pad, or Skip."""
    auto_pad = attrs.get("auto_pad", b"NOTSET").decode()
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        pads = []
        for n, k, s in zip(spatial, kernel, strides):
            total = max((math.ceil(n / s) - 1) * s + k - n, 0)
            if total % 2:
                raise Skip("auto_pad %s needs %d padding cells on an axis of %d, split unevenly "
                           "between the two sides; %s pads both sides equally" %
                           (auto_pad, total, n, what))
            pads.append(total // 2)
        return pads
    if auto_pad == "VALID":
        return [0, 0]
    p = list(attrs.get("pads", [0, 0, 0, 0]))
    if p[0] != p[2] or p[1] != p[3]:
        raise Skip("asymmetric padding pads=%s (begin ≠ end on an axis); %s pads both sides "
                   "equally" % (p, what))
    return [p[0], p[1]]


def check_window_attrs(attrs, what):
    dil = list(attrs.get("dilations", [1, 1]))
    if any(d != 1 for d in dil):
        raise Skip("dilations=%s; %s has no dilation" % (dil, what))
    if attrs.get("group", 1) != 1:
        raise Skip("group=%d (grouped/depthwise convolution); conv2d connects every input "
                   "channel to every filter" % attrs["group"])
    if attrs.get("ceil_mode", 0):
        raise Skip("ceil_mode=1; %s rounds the output size down, as PyTorch's default" % what)


def map_conv(model, ins, outs, inits):
    attrs = single_node(model, "Conv")
    x, w = ins[0], ins[1]
    b = ins[2] if len(ins) > 2 else None
    require_float(x, w)
    if x.ndim != 4:
        raise Skip("%d-D convolution; conv2d is 2-D only" % (x.ndim - 2))
    check_window_attrs(attrs, "conv2d")
    f, _, kh, kw = w.shape
    strides = list(attrs.get("strides", [1, 1]))
    pads = window_pads(attrs, x.shape[2:], [kh, kw], strides, "conv2d")
    y = outs[0]
    layers = [{"type": "conv2d", "filters": int(f), "kernel": [int(kh), int(kw)],
               "stride": strides, "padding": pads}, {"type": "flatten"}]
    bias = b if b is not None else np.zeros(f, np.float32)
    return network(spec(x.shape[1], x.shape[2], x.shape[3], y[0].size, layers), x, 0, y, y.shape,
                   {"0.weight": w, "0.bias": bias},
                   "Conv → conv2d(kernel %s, stride %s, padding %s)%s, then flatten so the "
                   "network ends in a vector" % ([kh, kw], strides, pads,
                                                 "" if b is not None else ", bias 0"))


def map_maxpool(model, ins, outs, _inits):
    attrs = single_node(model, "MaxPool")
    x = ins[0]
    require_float(x)
    if x.ndim != 4:
        raise Skip("%d-D max pooling; maxpool2d is 2-D only" % (x.ndim - 2))
    check_window_attrs(attrs, "maxpool2d")
    kernel = list(attrs["kernel_shape"])
    strides = list(attrs.get("strides", [1, 1]))
    pads = window_pads(attrs, x.shape[2:], kernel, strides, "maxpool2d")
    if any(2 * p > k for p, k in zip(pads, kernel)):
        raise Skip("padding %s is more than half the window %s; maxpool2d keeps PyTorch's rule "
                   "(padding ≤ size/2)" % (pads, kernel))
    y = outs[0]
    layers = [{"type": "maxpool2d", "size": kernel, "stride": strides, "padding": pads},
              {"type": "flatten"}]
    mapping = "MaxPool → maxpool2d(size %s, stride %s, padding %s), then flatten" % (
        kernel, strides, pads)
    if len(outs) > 1:
        mapping += "; only Y is compared: the Indices output (argmax positions) is not an " \
                   "engine output"
    return network(spec(x.shape[1], x.shape[2], x.shape[3], y[0].size, layers), x, 0, y, y.shape,
                   {}, mapping)


def map_avgpool(model, ins, outs, _inits):
    attrs = single_node(model, "AveragePool")
    x = ins[0]
    require_float(x)
    if x.ndim != 4:
        raise Skip("%d-D average pooling; avgpool2d is 2-D only" % (x.ndim - 2))
    check_window_attrs(attrs, "avgpool2d")
    kernel = list(attrs["kernel_shape"])
    strides = list(attrs.get("strides", [1, 1]))
    pads = window_pads(attrs, x.shape[2:], kernel, strides, "avgpool2d")
    include_pad = attrs.get("count_include_pad", 0)
    if any(pads) and not include_pad:
        raise Skip("count_include_pad=0 with padding %s: ONNX divides a border window by its real "
                   "cells only; avgpool2d counts the padded zeros too, as PyTorch's AvgPool2d "
                   "default (count_include_pad=True)" % pads)
    if any(2 * p > k for p, k in zip(pads, kernel)):
        raise Skip("padding %s is more than half the window %s; avgpool2d keeps PyTorch's rule "
                   "(padding ≤ size/2)" % (pads, kernel))
    y = outs[0]
    layers = [{"type": "avgpool2d", "size": kernel, "stride": strides, "padding": pads},
              {"type": "flatten"}]
    return network(spec(x.shape[1], x.shape[2], x.shape[3], y[0].size, layers), x, 0, y, y.shape,
                   {}, "AveragePool(count_include_pad %d) → avgpool2d(size %s, stride %s, "
                   "padding %s), then flatten" % (include_pad, kernel, strides, pads))


def dense_network(a, w, bias, y, mapping):
    # a: (M, K) rows are samples; w: (N, K); the input is (M, K, 1, 1), flattened, then dense.
    m, k = a.shape
    layers = [{"type": "flatten"}, {"type": "dense", "units": int(w.shape[0])}]
    return network(spec(k, 1, 1, w.shape[0], layers), a.reshape(m, k, 1, 1), 1, y, y.shape,
                   {"1.weight": w, "1.bias": bias}, mapping)


def map_gemm(model, ins, outs, inits):
    nodes = list(model.graph.node)
    if [n.op_type for n in nodes] == ["Transpose", "MatMul"]:  # PyTorch Linear without bias
        w = next(iter(inits.values()))  # the [out, in] weight that Transpose feeds to MatMul
        return dense_network(ins[0], w, np.zeros(w.shape[0], np.float32), outs[0],
                             "Transpose + MatMul (x·Wᵀ) → dense, bias 0")
    attrs = single_node(model, "Gemm")
    a, b = ins[0], ins[1]
    c = ins[2] if len(ins) > 2 else None
    require_float(a, b)
    alpha, beta = np.float32(attrs.get("alpha", 1.0)), np.float32(attrs.get("beta", 1.0))
    op_a = a.T if attrs.get("transA", 0) else a
    op_b = b.T if attrs.get("transB", 0) else b  # (K, N)
    n = op_b.shape[1]
    if c is None:
        bias = np.zeros(n, np.float32)
    elif c.size in (1, n) and (c.ndim < 2 or c.shape[0] == 1):
        bias = np.broadcast_to(beta * c.reshape(-1), (n,)).astype(np.float32)
    else:
        raise Skip("C has shape %s: a bias that differs per row is not a dense layer's bias" %
                   list(c.shape))
    w = np.ascontiguousarray((alpha * op_b).T.astype(np.float32))
    return dense_network(np.ascontiguousarray(op_a), w, bias, outs[0],
                         "Gemm(alpha %g, beta %g, transA %d, transB %d) → dense with "
                         "W = alpha·op(B)ᵀ, b = beta·C, x = op(A)" %
                         (alpha, beta, attrs.get("transA", 0), attrs.get("transB", 0)))


def rows_network(x, y, layer_type, mapping):
    # Leading axes become the batch, the last axis the feature vector: (N, F, 1, 1) → flatten.
    f = x.shape[-1] if x.ndim else 1
    n = x.size // f
    layers = [{"type": "flatten"}, {"type": layer_type}]
    return network(spec(f, 1, 1, f, layers), x.reshape(n, f, 1, 1), 1, y, (n, f), {}, mapping)


def map_activation(op, layer_type):
    def mapper(model, ins, outs, _inits):
        single_node(model, op)
        require_float(ins[0])
        return rows_network(ins[0], outs[0], layer_type,
                            "%s → %s on (N, F) rows of the %s input" %
                            (op, layer_type, list(ins[0].shape)))
    return mapper


def map_softmax(model, ins, outs, _inits, attrs):
    x = ins[0]
    axis = attrs.get("axis", -1)  # opset 13: softmax along one axis, default the last
    if axis % x.ndim != x.ndim - 1:
        raise Skip("softmax along axis %d of a rank-%d tensor; the engine's softmax normalises "
                   "the last axis (each sample's vector)" % (axis, x.ndim))
    return rows_network(x, outs[0], "softmax", "Softmax(axis %d) → softmax over the last axis "
                        "of %s" % (axis, list(x.shape)))


def map_flatten(model, ins, outs, _inits):
    attrs = single_node(model, "Flatten")
    x = ins[0]
    axis = attrs.get("axis", 1)
    axis = axis + x.ndim if axis < 0 else axis  # ONNX: a negative axis counts from the end
    # ONNX Flatten(axis) is a reshape to (prod(dims[:axis]), prod(dims[axis:])); the engine's
    # flatten is the same reshape at axis 1 of (N, C, H, W), so dims[:axis] become the batch.
    n = int(np.prod(x.shape[:axis], dtype=np.int64))
    rest = list(x.shape[axis:]) or [1]
    while len(rest) > 3:
        rest = [rest[0] * rest[1]] + rest[2:]
    c, h, w = (rest + [1, 1])[:3]
    y = outs[0]
    return network(spec(c, h, w, y.shape[1], [{"type": "flatten"}]), x.reshape(n, c, h, w), 0,
                   y, y.shape, {}, "Flatten(axis %d) of %s → input (%d, %d, %d, %d), flatten" %
                   (axis, list(x.shape), n, c, h, w))


def map_sce(model, ins, outs, _inits, attrs):
    if attrs.get("reduction", b"mean") != b"mean":
        raise Skip("reduction %s; the engine's loss is the batch mean" % attrs["reduction"])
    if len(ins) > 2:
        raise Skip("class weights input; the engine's loss weights every class equally")
    if "ignore_index" in attrs:
        raise Skip("ignore_index=%d; the engine's loss counts every label" %
                   attrs["ignore_index"])
    if len(outs) > 1:
        raise Skip("second output log_prob; the engine exposes no log-softmax tensor")
    x, labels = ins[0], ins[1]
    k = x.shape[1]
    # (N, K, d1, …) → rows (N·d1·…, K): the mean over N·d1·… positions is unchanged.
    rows = np.moveaxis(x, 1, -1).reshape(-1, k)
    return {"kind": "sce", "logits": tensor_json(rows), "labels": [int(v) for v in labels.ravel()],
            "expected": float(outs[0]),
            "mapping": "SoftmaxCrossEntropyLoss(mean) of %s → softmax_cross_entropy on %d rows "
                       "of %d classes" % (list(x.shape), rows.shape[0], k)}


def map_momentum(model, ins, outs, _inits):
    attrs = single_node(model, "Momentum")
    r, t = float(ins[0]), int(ins[1])
    n = (len(ins) - 2) // 3
    if t != 0:
        # For T > 0 ONNX scales the gradient by beta (a dampening); the engine's SGD has none.
        raise Skip("T=%d > 0: ONNX scales the gradient by beta=%g, SGD has no dampening" %
                   (t, attrs["beta"]))
    mode = attrs["mode"].decode()
    return {"kind": "momentum", "lr": r, "alpha": float(attrs["alpha"]),
            "norm_coefficient": float(attrs["norm_coefficient"]), "nesterov": mode == "nesterov",
            "x": [tensor_json(a) for a in ins[2:2 + n]],
            "g": [tensor_json(a) for a in ins[2 + n:2 + 2 * n]],
            "v": [tensor_json(a) for a in ins[2 + 2 * n:]],
            "x_new": [tensor_json(a) for a in outs[:n]], "v_new": [tensor_json(a) for a in outs[n:]],
            "mapping": "Momentum(%s, T=0) → sgd(lr R, momentum alpha, weight decay "
                       "norm_coefficient, nesterov %s); at T=0 ONNX uses beta=1, as SGD does" %
                       (mode, mode == "nesterov")}


def map_adam(model, ins, outs, _inits):
    single_node(model, "Adam")
    raise Skip("ONNX Adam at T=%d applies no bias correction (x -= R·V_new/(√H_new+ε)) and "
               "starts from given moments V, H; the engine's Adam (Kingma & Ba, as PyTorch) "
               "starts its moments at zero and always divides them by (1−β1ᵗ), (1−β2ᵗ) with "
               "t ≥ 1" % int(ins[1]))


def with_sibling_attrs(mapper, op):
    """Softmax/SCE '_expanded' cases hold the same vectors as a subgraph of primitive ops; the
    operator's attributes are read from the unexpanded sibling case."""
    def run(model, ins, outs, inits, case_dir):
        base = case_dir[:-len("_expanded")] if case_dir.endswith("_expanded") else case_dir
        attrs = single_node(onnx.load(os.path.join(base, "model.onnx")), op)
        return mapper(model, ins, outs, inits, attrs)
    return run


MAPPERS = [
    ("test_conv", map_conv), ("test_Conv2d", map_conv), ("test_maxpool", map_maxpool),
    ("test_MaxPool2d", map_maxpool), ("test_averagepool", map_avgpool),
    ("test_AvgPool2d", map_avgpool), ("test_gemm", map_gemm), ("test_Linear", map_gemm),
    ("test_relu", map_activation("Relu", "relu")),
    ("test_sigmoid", map_activation("Sigmoid", "sigmoid")),
    ("test_tanh", map_activation("Tanh", "tanh")), ("test_flatten", map_flatten),
    ("test_softmax", with_sibling_attrs(map_softmax, "Softmax")),
    ("test_sce", with_sibling_attrs(map_sce, "SoftmaxCrossEntropyLoss")),
    ("test_momentum", map_momentum), ("test_nesterov", map_momentum), ("test_adam", map_adam),
]


def node_operands(model, fed):
    """The graph's inputs in order, whether fed by input_*.pb or stored as initializers
    (pytorch-converted graphs keep weights as initializers), and the initializers by name."""
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values = dict(inits)
    values.update(zip([i.name for i in model.graph.input if i.name not in inits], fed))
    return [values[i.name] for i in model.graph.input], inits


def convert_case(case_dir):
    name = os.path.basename(case_dir)
    entry = {"name": name, "source": os.path.relpath(case_dir, DATA)}
    model = onnx.load(os.path.join(case_dir, "model.onnx"))
    sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    if len(sets) != 1:
        raise SystemExit("%s: expected one test_data_set, found %d" % (name, len(sets)))
    ins = [load_tensor(p) for p in sorted(glob.glob(os.path.join(sets[0], "input_*.pb")))]
    outs = [load_tensor(p) for p in sorted(glob.glob(os.path.join(sets[0], "output_*.pb")))]
    ins, inits = node_operands(model, ins)
    mapper = next(m for prefix, m in MAPPERS if name.startswith(prefix))
    try:
        if mapper.__name__ == "run":
            entry.update(mapper(model, ins, outs, inits, case_dir))
        else:
            entry.update(mapper(model, ins, outs, inits))
        entry["status"] = "run"
    except Skip as why:
        entry.update(status="skip", reason=str(why))
    return entry


def selected_cases():
    node = [d for d in glob.glob(os.path.join(DATA, "node", "test_*"))
            if NODE_PATTERN.match(os.path.basename(d))]
    torch = [d for d in glob.glob(os.path.join(DATA, "pytorch-converted", "test_*"))
             if PYTORCH_PATTERN.match(os.path.basename(d))]
    return sorted(node) + sorted(torch)


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: convert.py OUT_DIR")
    if not os.path.isdir(DATA):
        raise SystemExit("%s not found: install Debian's libonnx-testdata" % DATA)
    cases = [convert_case(d) for d in selected_cases()]
    names = [c["name"] for c in cases]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate case names: the C++ test keys cases by name")
    os.makedirs(sys.argv[1], exist_ok=True)
    with open(os.path.join(sys.argv[1], "manifest.json"), "w") as f:
        json.dump({"data": DATA, "cases": cases}, f)
    run = sum(c["status"] == "run" for c in cases)
    print("convert.py: %d ONNX cases, %d runnable, %d skipped → %s" %
          (len(cases), run, len(cases) - run, os.path.join(sys.argv[1], "manifest.json")))


if __name__ == "__main__":
    main()
