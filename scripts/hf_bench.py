"""transformers' best recipe on the same token ids seal scored: bf16, SDPA, sorted by length, dynamic
padding up to a token budget. Random weights of the same shape (throughput only, not rewards).

    python3 scripts/hf_bench.py TOKENS.jsonl [--budget 16384] [--shape llama-3.2-1b]
TOKENS.jsonl comes from `ThroughputBench ... --dump-tokens` (one {"pair": i, "ids": [...]} per text).
"""
import json
import sys
import time

import torch
from transformers import LlamaConfig, LlamaForSequenceClassification


def main():
    path = sys.argv[1]
    budget = int(sys.argv[sys.argv.index("--budget") + 1]) if "--budget" in sys.argv else 16384
    seqs = [json.loads(line)["ids"] for line in open(path)]
    pairs = len({json.loads(line)["pair"] for line in open(path)})
    cfg = LlamaConfig(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                      num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=131072,
                      num_labels=1, pad_token_id=128004, tie_word_embeddings=True)
    torch.manual_seed(0)
    with torch.device("cuda"):
        try:  # transformers 4.4x and 5.x both take attn_implementation here
            model = LlamaForSequenceClassification._from_config(cfg, attn_implementation="sdpa")
        except TypeError:
            cfg._attn_implementation = "sdpa"
            model = LlamaForSequenceClassification(cfg)
    model = model.to(torch.bfloat16).eval()
    print(f"transformers attention: {model.config._attn_implementation}")

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

    def run(bs):
        out = []
        for b in bs:
            L = max(len(seqs[i]) for i in b)
            ids = torch.full((len(b), L), cfg.pad_token_id, dtype=torch.long)
            mask = torch.zeros((len(b), L), dtype=torch.long)
            for r, i in enumerate(b):
                ids[r, :len(seqs[i])] = torch.tensor(seqs[i])
                mask[r, :len(seqs[i])] = 1
            with torch.inference_mode():
                out.append(model(input_ids=ids.cuda(non_blocking=True), attention_mask=mask.cuda(non_blocking=True)).logits)
        torch.cuda.synchronize()
        return out

    run(batches[:2])  # warm-up
    t0 = time.perf_counter()
    run(batches)
    sec = time.perf_counter() - t0
    tokens = sum(len(s) for s in seqs)
    print(f"transformers bf16 sdpa sorted, budget {budget}: {tokens / sec:,.0f} tok/s, {pairs / sec:,.1f} pairs/s, "
          f"{sec:.2f}s, {len(batches)} batches, {tokens:,} tokens")


if __name__ == "__main__":
    main()
