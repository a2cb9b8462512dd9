"""W1, W2 and W4 on PyTorch (CPU, one thread): the reference a user would compare a float64 engine with.

Run by bench/workloads/pytorch.ts as `python3 torch_step.py <job.json>`; the job names the workload, the
dtype, the timing and the seeded inputs (the same numbers every other backend starts from). The process is
started with one BLAS/OpenMP thread; torch.set_num_threads(1) pins torch's own pool too. Prints one line:
BENCH-RESULT {"wall": [...], "cpu": [...], "check": loss}.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def linear_params(layers, dtype):
    """Each layer's [fanIn, fanOut] row-major weight becomes torch's [out, in]; biases start at zero."""
    params = []
    for layer in layers:
        w = torch.tensor(layer["weight"], dtype=dtype).reshape(layer["fanIn"], layer["fanOut"]).t().contiguous()
        params.append((w.requires_grad_(), torch.zeros(layer["fanOut"], dtype=dtype, requires_grad=True)))
    return params


def classifier_step(job, dtype):
    """W1 and W4: relu between layers, cross-entropy (NLL of log_softmax), SGD."""
    x = torch.tensor(job["x"], dtype=dtype).reshape(job["batch"], -1)
    labels = torch.tensor(job["labels"], dtype=torch.long)
    params = linear_params(job["layers"], dtype)
    flat = [p for pair in params for p in pair]
    optimizer = torch.optim.SGD(flat, lr=job["lr"])

    def step():
        optimizer.zero_grad(set_to_none=True)
        h = x
        for i, (w, b) in enumerate(params):
            h = F.linear(h, w, b)
            if i + 1 < len(params):
                h = torch.relu(h)
        loss = F.cross_entropy(h, labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def deep_mlp_step(job, dtype):
    """W2: forward and the gradients of every weight and bias of the tanh MLP; no update."""
    x = torch.tensor(job["x"], dtype=dtype).reshape(job["batch"], -1)
    target = torch.tensor(job["target"], dtype=dtype).reshape(job["batch"], 1)
    params = linear_params(job["layers"], dtype)

    def step():
        for w, b in params:
            w.grad = None
            b.grad = None
        h = x
        for i, (w, b) in enumerate(params):
            h = F.linear(h, w, b)
            if i + 1 < len(params):
                h = torch.tanh(h)
        loss = F.mse_loss(h, target)
        loss.backward()
        return loss.item()

    return step


def measure(step, timing):
    """The same schedule as bench/job.ts: one checked step, warm-up, then timed steps."""
    check = step()
    warmup_end = time.perf_counter() + timing["warmupMs"] / 1000
    i = 1
    while i < timing["warmupSteps"] or time.perf_counter() < warmup_end:
        step()
        i += 1
    wall, cpu = [], []
    budget_end = time.perf_counter() + timing["budgetMs"] / 1000
    i = 0
    while i < timing["minSteps"] or (i < timing["maxSteps"] and time.perf_counter() < budget_end):
        c0 = time.process_time()
        t0 = time.perf_counter()
        step()
        t1 = time.perf_counter()
        c1 = time.process_time()
        wall.append((t1 - t0) * 1000)
        cpu.append((c1 - c0) * 1000)
        i += 1
    return {"wall": wall, "cpu": cpu, "check": check}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    dtype = torch.float64 if job["dtype"] == "float64" else torch.float32
    build = deep_mlp_step if job["workload"] == "W2" else classifier_step
    result = measure(build(job, dtype), job["timing"])
    print("BENCH-RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
