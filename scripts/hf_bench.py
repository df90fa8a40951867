"""transformers' best recipe on the same token ids seal scored: bf16, SDPA, sorted by length, dynamic
padding up to a token budget. Random weights of the same shape (throughput only, not rewards).

    python3 scripts/hf_bench.py TOKENS.jsonl [--budget 16384[,32768...]] [--plan-only] [--matmul-peak]
TOKENS.jsonl comes from `ThroughputBench ... --dump-tokens` (one {"pair": i, "ids": [...]} per text).
One process times every budget in turn (importing torch and building the model once). --plan-only needs no
torch: it prints each budget's batches and padding only (scripts/gpu-check.sh's dry run). --matmul-peak also
times an 8192x8192x8192 bf16 product through cuBLAS, the card's reachable dense bf16 rate, as a second ceiling.
Besides the human lines, each budget prints one `result key=value ...` line for scripts/gpu_table.py.
"""
import json
import sys
import time

# Llama-3.2-1B: the shape MakeModel --shape llama-3.2-1b writes for seal
SHAPE = dict(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
             num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=131072)
PAD = 128004


def plan(seqs, budget):
    """Sorted by length, then cut greedily so that a batch's padded size (rows x its longest) stays in budget."""
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    batches, cur, longest = [], [], 0
    for i in order:
        n = len(seqs[i])
        if cur and max(longest, n) * (len(cur) + 1) > budget:
            batches.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, n)
    if cur:
        batches.append(cur)
    return batches


def padded(seqs, batches):
    return sum(len(b) * max(len(seqs[i]) for i in b) for b in batches)


def matmul_peak(torch):
    n = 8192
    a = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    for _ in range(3):
        a @ b
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(10):
        a @ b
    end.record()
    torch.cuda.synchronize()
    tflops = 2 * n ** 3 * 10 / (start.elapsed_time(end) / 1e3) / 1e12
    print(f"cuBLAS bf16 {n}^3 on random data: {tflops:,.0f} TFLOP/s (mean of 10 after 3 warm-ups)")
    print(f"result engine=cublas matmul_tflops={tflops:.1f}")


def main():
    path = sys.argv[1]
    arg = sys.argv[sys.argv.index("--budget") + 1] if "--budget" in sys.argv else "16384"
    budgets = [int(b) for b in arg.split(",")]
    rows = [json.loads(line) for line in open(path)]
    seqs = [r["ids"] for r in rows]
    pairs = len({r["pair"] for r in rows})
    tokens = sum(len(s) for s in seqs)
    plans = {b: plan(seqs, b) for b in budgets}
    for b, bs in plans.items():
        print(f"plan, budget {b}: {len(bs)} batches, {padded(seqs, bs) / tokens - 1:.1%} padding over {tokens:,} tokens")
        print(f"plan budget={b} batches={len(bs)} padded={padded(seqs, bs)} tokens={tokens}")
    if "--plan-only" in sys.argv:
        return

    import torch
    from transformers import LlamaConfig, LlamaForSequenceClassification

    print(f"torch {torch.__version__}, transformers {__import__('transformers').__version__}, "
          f"{torch.cuda.get_device_name()}", flush=True)
    if "--matmul-peak" in sys.argv:
        matmul_peak(torch)
    cfg = LlamaConfig(**SHAPE, num_labels=1, pad_token_id=PAD, tie_word_embeddings=True)
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = None
        # transformers 5.x and late 4.x take dtype and attn_implementation here, earlier 4.4x only the latter
        for kwargs in (dict(attn_implementation="sdpa", dtype=torch.bfloat16), dict(attn_implementation="sdpa")):
            try:
                model = LlamaForSequenceClassification._from_config(cfg, **kwargs)
                break
            except TypeError:
                pass
        if model is None:
            cfg._attn_implementation = "sdpa"
            model = LlamaForSequenceClassification(cfg)
    model = model.to(torch.bfloat16).eval()
    print(f"transformers attention: {model.config._attn_implementation}", flush=True)

    def run(bs):
        out = []
        for b in bs:
            L = max(len(seqs[i]) for i in b)
            ids = torch.full((len(b), L), PAD, dtype=torch.long)
            mask = torch.zeros((len(b), L), dtype=torch.long)
            for r, i in enumerate(b):
                ids[r, :len(seqs[i])] = torch.tensor(seqs[i])
                mask[r, :len(seqs[i])] = 1
            with torch.inference_mode():
                out.append(model(input_ids=ids.cuda(non_blocking=True), attention_mask=mask.cuda(non_blocking=True)).logits)
        torch.cuda.synchronize()
        return out

    for budget, batches in plans.items():
        run(batches[-2:])  # warm-up at this budget's largest padded shapes (cuBLAS and SDPA pick kernels per shape)
        t0 = time.perf_counter()
        run(batches)
        sec = time.perf_counter() - t0
        print(f"transformers bf16 sdpa sorted, budget {budget}: {tokens / sec:,.0f} tok/s, {pairs / sec:,.1f} pairs/s, "
              f"{sec:.2f}s, {len(batches)} batches, {tokens:,} tokens")
        print(f"result engine=transformers budget={budget} pairs={pairs} tokens={tokens} "
              f"padded={padded(seqs, batches)} seconds={sec:.6f} decodes={len(batches)}", flush=True)


if __name__ == "__main__":
    main()
