"""Checks an exported script and its state file without PyTorch (there is none on this machine).

Loads the generated script with a stand-in `torch` backed by numpy, reads the state file through
the script's own read_state, recomputes the first optimizer step's gradients with numpy (float64,
written independently of the engine: softmax cross-entropy, tanh/relu/identity MLPs, no batch norm
or residual) and prints them as JSON for the test to compare with `gradlab train --json`.

Usage: python3 firstStep.check.py SCRIPT.py STATE.bin
"""
import importlib.util
import json
import sys
import types

import numpy as np


class Array(np.ndarray):
    def clone(self):
        return self.copy()


def install_fake_torch():
    torch = types.ModuleType("torch")
    torch.float64, torch.int32, torch.uint8 = np.float64, np.int32, np.uint8
    torch.frombuffer = lambda raw, dtype: np.frombuffer(bytes(raw), dtype=np.dtype(dtype).newbyteorder("<")).view(Array)
    torch.zeros = lambda shape, dtype=np.float64: np.zeros(shape, dtype=dtype).view(Array)
    nn = types.ModuleType("torch.nn")
    nn.Module = object
    functional = types.ModuleType("torch.nn.functional")
    torch.nn = nn
    nn.functional = functional
    sys.modules.update({"torch": torch, "torch.nn": nn, "torch.nn.functional": functional})


ACTIVATIONS = {
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(np.float64)),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
}


def first_step(module, state):
    header, t = state
    config = module.CONFIG
    widths = config["model"]["widths"]
    layers = len(widths) - 1
    Ws = [np.asarray(t[f"layers.{k}.weight"], dtype=np.float64) for k in range(layers)]
    bs = [np.asarray(t[f"layers.{k}.bias"], dtype=np.float64) for k in range(layers)]
    x = np.asarray(t["train.x"])
    x = x.astype(np.float64) / header["x_scale"] if x.dtype == np.uint8 else x
    y = np.asarray(t["train.y"]).astype(np.int64)
    batch = np.asarray(t["order"][0][: config["batchSize"]]).astype(np.int64)
    act, dact = ACTIVATIONS[config["model"]["activation"]["name"]]
    hs, zs = [x[batch]], []
    for k in range(layers):
        z = hs[-1] @ Ws[k].T + bs[k]
        zs.append(z)
        if k < layers - 1:
            hs.append(act(z))
    logits = zs[-1]
    shifted = logits - logits.max(1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(1, keepdims=True)
    n = len(batch)
    loss = float(-np.log(p[np.arange(n), y[batch]]).mean())
    dz = p.copy()
    dz[np.arange(n), y[batch]] -= 1
    dz /= n
    out = [None] * layers
    for k in reversed(range(layers)):
        dW, db = dz.T @ hs[k], dz.sum(0)
        out[k] = {"weight_grad_norm": float(np.linalg.norm(dW)), "bias_grad_norm": float(np.linalg.norm(db)), "grad_norm": float(np.linalg.norm(dz))}
        if k > 0:
            dz = (dz @ Ws[k]) * dact(zs[k - 1])
    total = float(np.sqrt(sum(o["weight_grad_norm"] ** 2 + o["bias_grad_norm"] ** 2 for o in out)))
    return {"loss": loss, "layers": out, "grad_norm_total": total,
            "sums": {name: float(np.asarray(v, dtype=np.float64).sum()) for name, v in t.items()}}


def main():
    script, state_path = sys.argv[1], sys.argv[2]
    install_fake_torch()
    spec = importlib.util.spec_from_file_location("exported", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print(json.dumps(first_step(module, module.read_state(state_path))))


if __name__ == "__main__":
    main()
