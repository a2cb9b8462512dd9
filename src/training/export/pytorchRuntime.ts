/**
 * The fixed part of every exported PyTorch script: reading the state file, making the data,
 * the MLP (the engine's definition: z = Linear(h); u = BN(z); a = act(u); h = h + a when widths
 * agree and residual is on; the output head on the last z), the training loop and the records. The config-dependent part
 * (constants, init, optimizer, activation) comes from pytorch.ts. Python source, kept free of
 * backslashes so it can sit in a template literal unchanged.
 */
export const PYTORCH_RUNTIME = `
def read_state(path):
    """The tensors gradlab wrote with --with-weights (see the header of src/training/export/state.ts)."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] != b"GLST":
        sys.exit(f"{path} is not a Gradient Lab state file")
    (length,) = struct.unpack("<I", blob[4:8])
    header = json.loads(blob[8:8 + length].decode("ascii"))
    if header["version"] != 1:
        sys.exit(f"{path}: state file version {header['version']}, this script reads version 1")
    dtypes = {"f64": (torch.float64, 8), "i32": (torch.int32, 4), "u8": (torch.uint8, 1)}
    tensors = {}
    for entry in header["tensors"]:
        dtype, size = dtypes[entry["dtype"]]
        count = math.prod(entry["shape"])
        start = header["data_offset"] + entry["offset"]
        raw = bytearray(blob[start:start + count * size])
        tensors[entry["name"]] = torch.frombuffer(raw, dtype=dtype).reshape(entry["shape"]).clone() if count else torch.zeros(entry["shape"], dtype=dtype)
    return header, tensors


def _t(value, like):
    """A Python number as a tensor shaped like like (torch.where and torch.maximum want tensors)."""
    return value if torch.is_tensor(value) else torch.full_like(like, float(value))


def read_idx(folder, name, count):
    import gzip
    for candidate in (name, name + ".gz", name.replace("-idx", ".idx"), name.replace("-idx", ".idx") + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            with open(path, "rb") as f:
                blob = f.read()
            if blob[:2] == bytes([0x1f, 0x8b]):
                blob = gzip.decompress(blob)
            dims = blob[3]
            shape = struct.unpack(">" + "I" * dims, blob[4:4 + 4 * dims])
            data = torch.frombuffer(bytearray(blob[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)
            return data[:count].clone()
    sys.exit(f"{folder} has no {name} (nor {name}.gz)")


def synthetic(kind, n, noise, classes, factor, generator):
    """The same generators as src/training/datasets/synthetic.ts, drawing from torch's RNG."""
    labels = torch.arange(n) % classes
    u = torch.rand(n, generator=generator)
    tau = 2 * math.pi
    if kind == "spiral":
        angle = tau * labels / classes + 1.5 * tau * u
        x = torch.stack([u * torch.sin(angle), u * torch.cos(angle)], 1)
    elif kind == "moons":
        t = math.pi * u
        upper = torch.stack([torch.cos(t) - 0.5, torch.sin(t) - 0.25], 1)
        x = torch.where((labels == 0)[:, None], upper, -upper)
    elif kind == "circles":
        t = tau * u
        r = torch.where(labels == 0, torch.ones(n), torch.full((n,), factor))
        x = torch.stack([r * torch.cos(t), r * torch.sin(t)], 1)
    elif kind == "xor":
        mag = torch.rand(n, 2, generator=generator)
        sign = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0)
        second = torch.where(labels == 1, sign, -sign)
        x = torch.stack([sign * mag[:, 0], second * mag[:, 1]], 1)
    else:
        angle = tau * labels / classes
        x = torch.stack([torch.cos(angle), torch.sin(angle)], 1)
    if noise > 0:
        x = x + noise * torch.randn(n, 2, generator=generator)
    return x, labels


def load_data(state):
    """Training and test inputs (float64) and labels: the state file's, else made here."""
    if state is not None:
        header, tensors = state
        def inputs(name):
            t = tensors[name]
            return t.double() / header["x_scale"] if t.dtype == torch.uint8 else t
        return inputs("train.x"), tensors["train.y"].long(), inputs("test.x"), tensors["test.y"].long()
    g = torch.Generator().manual_seed(SEED_INT)
    if DATA["kind"] in ("mnist", "mnist-idx", "mnist-full"):
        if DATA["kind"] == "mnist-idx" or (DATA["kind"] == "mnist-full" and os.environ.get("MNIST_IDX_FOLDER")):
            folder = DATA.get("folder") or os.environ.get("MNIST_IDX_FOLDER") or sys.exit("set MNIST_IDX_FOLDER to the folder of the MNIST IDX files")
        else:
            # The extension's 10,000 digits are not here: without --with-weights, use torchvision's MNIST.
            import torchvision
            root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mnist-data")
            torchvision.datasets.MNIST(root, train=True, download=True)
            folder = os.path.join(root, "MNIST", "raw")
        xs = read_idx(folder, "train-images-idx3-ubyte", DATA["train"]).reshape(-1, 784).double() / 255
        ys = read_idx(folder, "train-labels-idx1-ubyte", DATA["train"]).long()
        xt = read_idx(folder, "t10k-images-idx3-ubyte", DATA["test"]).reshape(-1, 784).double() / 255
        yt = read_idx(folder, "t10k-labels-idx1-ubyte", DATA["test"]).long()
        return xs, ys, xt, yt
    classes = DATA["classes"]
    xs, ys = synthetic(DATA["kind"], DATA["train"], DATA["noise"], classes, DATA["factor"], g)
    xt, yt = synthetic(DATA["kind"], DATA["test"], DATA["noise"], classes, DATA["factor"], g)
    return xs, ys, xt, yt


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = nn.ModuleList(nn.Linear(WIDTHS[k], WIDTHS[k + 1]) for k in range(len(WIDTHS) - 1))
        self.norms = nn.ModuleList(nn.BatchNorm1d(w) for w in WIDTHS[1:-1]) if BATCH_NORM else None
        self.pre = []

    def forward(self, h):
        self.pre = []
        last = len(self.linears) - 1
        for k, linear in enumerate(self.linears):
            z = linear(h)
            if z.requires_grad:
                z.retain_grad()
            self.pre.append(z)
            if k == last:
                return output_head(z)
            u = self.norms[k](z) if self.norms is not None else z
            a = activation(u)
            h = h + a if RESIDUAL and h.shape[1] == a.shape[1] else a
        return h


def vnorm(t, order=2.0):
    return float(torch.linalg.vector_norm(t.detach().flatten(), order)) if t is not None else 0.0


def total_norm(params, order):
    norms = [torch.linalg.vector_norm(p.grad.detach().flatten(), order) for p in params if p.grad is not None]
    return float(torch.linalg.vector_norm(torch.stack(norms), order)) if norms else 0.0


def finite(v):
    return v if isinstance(v, float) and math.isfinite(v) else None


def jsonable(value):
    if isinstance(value, float):
        return finite(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def emit(obj):
    print(json.dumps(jsonable(obj), allow_nan=False), flush=True)


def predict(model, x):
    was = model.training
    model.eval()
    with torch.no_grad():
        out = torch.cat([model(x[i:i + 1000]) for i in range(0, len(x), 1000)]) if len(x) else torch.zeros(0, WIDTHS[-1])
    model.train(was)
    return out.argmax(1)


def accuracy(model, x, y):
    return float((predict(model, x) == y).double().mean()) if len(y) else 0.0


def epoch_batches(order):
    batches = [order[i:i + BATCH_SIZE] for i in range(0, len(order), BATCH_SIZE)]
    if BATCH_NORM and len(batches) > 1 and len(batches[-1]) == 1:
        batches.pop()
    return batches


def first_nonfinite(model):
    for k, z in enumerate(model.pre):
        if not torch.isfinite(z).all():
            return k, "the linear output (forward pass) became non-finite"
    return len(model.linears) - 1, "the loss became non-finite"


def main():
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--steps", type=int, default=None, help="stop after N optimizer steps")
    parser.add_argument("--state", default=STATE_FILE, help="state file written by gradlab export-pytorch --with-weights")
    args = parser.parse_args()
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(SEED_INT)
    state_path = args.state if args.state and os.path.isabs(args.state) else os.path.join(os.path.dirname(os.path.abspath(__file__)), args.state or "")
    state = read_state(state_path) if args.state and os.path.exists(state_path) else None
    if args.state and state is None:
        if args.state != STATE_FILE:
            sys.exit(f"no state file at {state_path}")
        print(f"warning: {state_path} not found: drawing our own weights and data", file=sys.stderr)
    xs, ys, xt, yt = load_data(state)
    model = MLP()
    initialize(model, state)
    params = list(model.parameters())
    optimizer = make_optimizer(params)
    total = PLANNED_STEPS if args.steps is None else min(PLANNED_STEPS, args.steps)
    shuffle = torch.Generator().manual_seed(SEED_INT + 1)
    started = time.time()
    step, epoch, last_loss, test_acc, status, extra = 0, 0, float("nan"), float("nan"), "completed", {}
    while step < total and status == "completed":
        if state is not None:
            if epoch >= state[1]["order"].shape[0]:
                sys.exit("the state file holds fewer epochs than this run needs")
            order = state[1]["order"][epoch].long()
        else:
            order = torch.randperm(len(ys), generator=shuffle) if SHUFFLE else torch.arange(len(ys))
        batches = epoch_batches(order)
        for b, batch in enumerate(batches):
            if step >= total:
                break
            step += 1
            test_due = step == total or (step % TEST_EVERY == 0 if TEST_EVERY > 0 else b == len(batches) - 1)
            recorded = step == 1 or step % RECORD_EVERY == 0 or step == total or test_due
            optimizer.zero_grad()
            out = model(xs[batch])
            loss = loss_fn(out, ys[batch])
            last_loss = float(loss)
            train_acc = float((out.argmax(1) == ys[batch]).double().mean())
            if not math.isfinite(last_loss):
                k, why = first_nonfinite(model)
                status, extra = "diverged", {"message": f"values became non-finite at step {step} in {NAMES[k]}: {why}", "diverged_at": {"step": step, "layer": NAMES[k]}}
                break
            loss.backward()
            before = total_norm(params, NORM_TYPE)
            if not math.isfinite(before):
                status, extra = "diverged", {"message": f"values became non-finite at step {step}: the gradients (backward pass)", "diverged_at": {"step": step, "layer": NAMES[-1]}}
                break
            layers = []
            if recorded:
                for k, linear in enumerate(model.linears):
                    layers.append({"index": k + 1, "name": NAMES[k], "weight_grad_norm": vnorm(linear.weight.grad),
                                   "bias_grad_norm": vnorm(linear.bias.grad), "grad_norm": vnorm(model.pre[k].grad),
                                   "weight_norm": vnorm(linear.weight), "update_ratio": 0.0})
                weights_before = [linear.weight.detach().clone() for linear in model.linears]
            clipped = clip(params)
            after = total_norm(params, NORM_TYPE) if CLIP_MODE != "none" else before
            optimizer.step()
            if not all(torch.isfinite(p).all() for p in params):
                status, extra = "diverged", {"message": f"values became non-finite at step {step}: the weights became non-finite after the optimizer step", "diverged_at": {"step": step, "layer": NAMES[0]}}
                break
            if test_due:
                test_acc = accuracy(model, xt, yt)
            if recorded:
                for k, linear in enumerate(model.linears):
                    base = vnorm(weights_before[k])
                    diff = vnorm(linear.weight.detach() - weights_before[k])
                    layers[k]["update_ratio"] = diff / base if base > 0 else (0.0 if diff == 0 else float("inf"))
                record = {"step": step, "epoch": epoch + 1, "loss": last_loss, "layers": layers, "grad_norm_total": before,
                          "grad_norm_clipped": after, "clipped": clipped, "train_accuracy": train_acc}
                if test_due:
                    record["test_accuracy"] = test_acc
                emit(record)
        epoch += 1
    summary = {"final_loss": last_loss, "train_accuracy": accuracy(model, xs, ys),
               "test_accuracy": test_acc if status != "completed" or step > 0 else accuracy(model, xt, yt),
               "seconds": time.time() - started, "steps": step, "status": status}
    summary.update(extra)
    emit({"summary": summary})
    return 0 if status == "completed" else 1


if __name__ == "__main__":
    sys.exit(main())
`;
