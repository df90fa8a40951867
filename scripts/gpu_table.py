#!/usr/bin/env python3
"""The table, the arithmetic and the rule of scripts/gpu-check.sh (no third-party modules: it runs in the dry run too).

    gpu_table.py DEV add STAGE ENGINE TYPE LOG   the `result ...` lines of LOG (ThroughputBench, hf_bench.py) become
                                                 STAGE's rows of DEV/results.tsv (a rerun of a stage replaces them);
                                                 prints them as markdown rows
    gpu_table.py DEV render OUT [--final]        writes OUT/table.md (rows so far, the FLOP arithmetic, the rule);
                                                 --final also writes OUT/summary.md and prints it

DEV holds results.tsv, env.txt (key=value lines: card, driver, commit, shape, ...), tokens.jsonl (the token ids every
engine scored), checks-TYPE.txt and bench.txt (seal_check's and `seal bench`'s outputs, quoted as they are).

Useful work, the FLOP count behind "% of peak": every text computed in full, as transformers computes it:
  2 * (non-embedding parameters) per token for the matmuls (q, k, v, o and the three MLP projections of every layer;
  the reward head, one row per text, and the embedding lookup are left out), plus attention at each text's own length
  with the causal half only: 2 (QK^T and PV) * 2 (multiply-add) * layers * heads * head_dim * L(L+1)/2 per text.
Padding, the prefix seal shares between a pair's two texts and any other skipped work are not counted as work, so
seal's rows with sharing on count the shared prefix as work done (the `computed` column says how much it decoded).
"""
import json
import os
import sys

# (width, layers, heads, kv heads, ff) as MakeModel --shape writes them
SHAPES = {"llama-3.2-1b": (2048, 16, 32, 8, 8192), "small": (512, 8, 8, 4, 1536), "tiny": (64, 2, 4, 2, 128)}

# Dense bf16 tensor-core peak by the vendors' datasheets, TFLOP/s (the sparse figures halved), by nvidia-smi's name.
# Order matters: the first substring that matches wins.
PEAKS = [("H100 PCIe", 756), ("H100 NVL", 835), ("H200 NVL", 835), ("H100", 989), ("H200", 989), ("GH200", 989),
         ("A100", 312), ("L40S", 362), ("B200", 2250)]


def read_env(dev):
    env = {}
    if os.path.exists(os.path.join(dev, "env.txt")):
        for line in open(os.path.join(dev, "env.txt")):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    return env


def parse_kv(line):
    out = {}
    for part in line.split():
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = v
    return out


def read_rows(dev):
    path = os.path.join(dev, "results.tsv")
    return [parse_kv(line) for line in open(path)] if os.path.exists(path) else []


def peak_tflops(env):
    """(TFLOP/s, where it came from) or (None, why not)."""
    if env.get("fake_peak_tflops"):
        return float(env["fake_peak_tflops"]), "FAKE peak for the dry run"
    name = env.get("card", "")
    for key, tf in PEAKS:
        if key in name:
            return float(tf), f"dense bf16 datasheet peak of {key}"
    return None, f"no datasheet peak known for '{name or 'no GPU'}'"


def work(dev, shape):
    """Useful FLOP per token over DEV/tokens.jsonl, with its parts; cached in DEV/flops.json."""
    cache = os.path.join(dev, "flops.json")
    tokens_path = os.path.join(dev, "tokens.jsonl")
    if not os.path.exists(tokens_path):
        return None
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(tokens_path):
        w = json.load(open(cache))
        if w.get("shape") == shape:
            return w
    d, layers, heads, kv, ff = SHAPES[shape]
    head_dim = d // heads
    per_layer = d * d + 2 * d * (kv * head_dim) + d * d + 3 * d * ff
    params = layers * per_layer
    tokens = attn = texts = 0
    for line in open(tokens_path):
        n = len(json.loads(line)["ids"])
        tokens += n
        texts += 1
        attn += 2 * 2 * layers * heads * head_dim * n * (n + 1) // 2
    w = dict(shape=shape, params=params, tokens=tokens, texts=texts, matmul_per_token=2 * params,
             attention_per_token=attn / tokens, per_token=2 * params + attn / tokens)
    json.dump(w, open(cache, "w"))
    return w


def fmt_row(r, w, peak, ceiling):
    sec = float(r["seconds"])
    pairs, tokens = int(r["pairs"]), int(r["tokens"])
    tps = tokens / sec
    frac = lambda top: f"{tps * w['per_token'] / (top * 1e12):.1%}" if (w and top) else "n/a"
    computed = f"{int(r['decoded']) / tokens:.0%}" if r.get("decoded") else "100%"
    if r.get("padded"):
        computed = f"{int(r['padded']) / tokens:.0%} (padded)"
    return (f"| {r['stage']} | {r['engine']} | {r['type']} | {r['budget']} | {r.get('flash', '-')} | "
            f"{r.get('share', '-')} | {pairs:,} | {tokens:,} | {computed} | {sec:.2f} | {pairs / sec:,.1f} | "
            f"{tps:,.0f} | {frac(peak)} | {frac(ceiling)} |")


EXTRAS = ("share-off", "flash-off")  # stages off the engine's defaults: shown, not part of the rule
HEADER = ("| stage | engine | type | budget | flash | share | pairs | tokens | computed | seconds | pairs/s | tokens/s "
          "| of bf16 peak | of cuBLAS ceiling |\n"
          "|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")


def timed(rows):
    return [r for r in rows if r.get("engine") in ("seal", "transformers")]


def ceiling_of(rows):
    for r in rows:
        if r.get("engine") == "cublas":
            return float(r["matmul_tflops"])
    return None


def rule(rows):
    """The rule's lines: per engine and type, the best budget and the smallest within 5% of it; the ratios."""
    out = []
    best = {}
    groups = {}
    for r in timed(rows):
        if r["stage"] not in EXTRAS and r.get("share", "on") == "on" and r.get("flash", "default") in ("default", "-"):
            groups.setdefault((r["engine"], r["type"]), []).append(r)
    for (engine, typ), rs in sorted(groups.items()):
        rate = {int(r["budget"]): int(r["pairs"]) / float(r["seconds"]) for r in rs}
        top = max(rate, key=rate.get)
        near = min(b for b in rate if rate[b] >= 0.95 * rate[top])
        best[(engine, typ)] = (top, rate[top], rate)
        out.append(f"- {engine} {typ}: best budget {top} ({rate[top]:,.1f} pairs/s); smallest budget within 5% of it: "
                   f"**{near}** ({rate[near] / rate[top]:.1%}); measured " +
                   ", ".join(f"{b}: {rate[b]:,.1f}" for b in sorted(rate)))
    hf = best.get(("transformers", "bf16"))
    for typ in ("f16", "q8_0", "q4_k_m"):
        s = best.get(("seal", typ))
        if s and hf:
            ratio = s[1] / hf[1]
            out.append(f"- seal {typ} best / transformers bf16 best: {s[1]:,.1f} / {hf[1]:,.1f} pairs/s = "
                       f"**{ratio:.2f}x** (goal 2x for F16: {'met' if ratio >= 2 else 'not met'})" if typ == "f16" else
                       f"- seal {typ} best / transformers bf16 best: **{ratio:.2f}x**")
    f16 = best.get(("seal", "f16"))
    for typ in ("q8_0", "q4_k_m"):
        q = best.get(("seal", typ))
        if q and f16:
            same = sorted(set(q[2]) & set(f16[2]))
            cmp = ", ".join(f"{b}: {q[2][b] / f16[2][b]:.2f}x" for b in same)
            worst = min((q[2][b] / f16[2][b] for b in same), default=None)
            verdict = "n/a" if worst is None else "met" if worst >= 1 else \
                "within 3% (one pass each: read as a tie)" if worst >= 0.97 else "not met"
            out.append(f"- {typ} against F16 at the same budget: {cmp} (goal: no slower than F16: {verdict})")
    for r in timed(rows):  # the share-off stage times the sweep's setting once more first: the run-to-run spread
        if r["stage"] == "share-off" and r.get("share") == "on" and f16 and int(r["budget"]) in f16[2]:
            again = int(r["pairs"]) / float(r["seconds"])
            out.append(f"- F16 at {r['budget']} timed again (share-off stage): {again:,.1f} pairs/s, "
                       f"{again / f16[2][int(r['budget'])] - 1:+.1%} from the sweep's pass")
    if f16:
        near = min(b for b in f16[2] if f16[2][b] >= 0.95 * f16[1])
        out.append(f"- rule for the GPU default budget: the smallest budget within 5% of the best F16 budget: "
                   f"**{near}** (the engine's GPU default is 8192)")
    if not out:
        out.append("- no timed rows yet")
    return out


def render(dev, out_dir, final):
    env = read_env(dev)
    rows = read_rows(dev)
    shape = env.get("shape", "llama-3.2-1b")
    w = work(dev, shape)
    peak, peak_note = peak_tflops(env)
    ceiling = ceiling_of(rows)
    lines = [HEADER] + [fmt_row(r, w, peak, ceiling) for r in timed(rows)]
    notes = []
    if w:
        notes.append(f"Useful work per token ({shape}, over the {w['texts']:,} texts scored): "
                     f"{w['per_token'] / 1e9:.4g} GFLOP = 2 x {w['params'] / 1e6:,.4g} M non-embedding parameters "
                     f"({w['matmul_per_token'] / 1e9:.4g} GFLOP) + causal attention at each text's own length "
                     f"({w['attention_per_token'] / 1e6:.4g} MFLOP on average). Padding and shared prefixes are not "
                     f"work: `computed` is decoded (seal) or padded (transformers) tokens over tokens.")
    notes.append(f"bf16 peak: {f'{peak:g} TFLOP/s, ' if peak else ''}{peak_note}; cuBLAS ceiling: "
                 + (f"{ceiling:,.0f} TFLOP/s measured here (bf16 8192^3, torch)" if ceiling else "not measured"))
    notes.append("flash: `default` is the engine's own setting (auto: on wherever llama.cpp supports it, every "
                 "CUDA row here); transformers uses SDPA.")
    table = "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n\nRule:\n" + "\n".join(rule(rows)) + "\n"
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "table.md"), "w") as f:
        f.write(table)
    if not final:
        return
    head = (f"### {env.get('card', 'no GPU')} run of `scripts/gpu-check.sh` ({env.get('date', '?')}, commit "
            f"`{env.get('commit', '?')}`)\n\n"
            f"Card {env.get('card', '?')}, driver {env.get('driver', '?')}, {env.get('memory', '?')}; CUDA "
            f"{env.get('cuda', '?')}; torch/transformers {env.get('python', '?')}; model: random {shape}, "
            f"{env.get('data', '?')}. {env.get('mode', '')}\n")
    parts = [head, table]
    checks = "".join(open(os.path.join(dev, f"checks-{t}.txt")).read() for t in ("f16", "q8_0", "q4_k_m")
                     if os.path.exists(os.path.join(dev, f"checks-{t}.txt")))
    bench = os.path.join(dev, "bench.txt")
    bench = open(bench).read() if os.path.exists(bench) else ""
    for title, text in (("Checks (seal_check: CUDA against CPU rewards, batched against alone)", checks),
                        ("`seal bench` (latency at the engine's default budget; throughput through the whole scoring "
                         "path, formatting and tokenizing included; memory; backend)", bench)):
        if text.strip():
            parts.append(f"{title}:\n\n```\n{text.rstrip()}\n```\n")
    stages = os.path.join(dev, "stages.txt")
    if os.path.exists(stages):
        parts.append("Stages, seconds: " + "; ".join(l.strip() for l in open(stages) if l.strip()) + "\n")
    summary = "\n".join(parts)
    with open(os.path.join(out_dir, "summary.md"), "w") as f:
        f.write(summary)
    print(summary)


def add(dev, stage, engine, typ, log):
    rows = [r for r in read_rows(dev) if r.get("stage") != stage]
    new = []
    for line in open(log, errors="replace") if os.path.exists(log) else []:
        if line.startswith("result "):
            r = parse_kv(line)
            r.setdefault("engine", engine)
            r.update(stage=stage, type=typ if r["engine"] != "transformers" else "bf16")
            new.append(r)
    with open(os.path.join(dev, "results.tsv"), "w") as f:
        for r in rows + new:
            f.write(" ".join(f"{k}={v}" for k, v in r.items()) + "\n")
    env = read_env(dev)
    w = work(dev, env.get("shape", "llama-3.2-1b"))
    peak, _ = peak_tflops(env)
    ceiling = ceiling_of(rows + new)
    for r in timed(new):
        print(fmt_row(r, w, peak, ceiling))
    if not timed(new):
        print(f"| {stage} | {engine} | {typ} | no result (see the log) |")


def main():
    dev, cmd = sys.argv[1], sys.argv[2]
    if cmd == "add":
        add(dev, *sys.argv[3:7])
    elif cmd == "render":
        render(dev, sys.argv[3], "--final" in sys.argv)
    else:
        sys.exit(f"gpu_table.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
