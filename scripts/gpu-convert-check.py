#!/usr/bin/env python3
"""`seal convert` against transformers (issues #3, #12), driven by scripts/gpu-convert-check.sh.

  build OUT --vocab GGUF          random-weight LlamaForSequenceClassification with a real Llama 3 tokenizer
                                  (tokenizer.json rebuilt from llama.cpp's ggml-vocab-llama-bpe.gguf), save_pretrained
  build-neox OUT --vocab GGUF     random-weight GPTNeoXForSequenceClassification (Pythia's layout: partial rotary,
                                  parallel residual, exact GELU, pad = EOS) with the GPT-NeoX-20B tokenizer rebuilt
                                  from llama.cpp's ggml-vocab-gpt-neox.gguf
  build-deberta OUT --spm MODEL   random-weight DebertaV2ForSequenceClassification (v3's layout: relative attention
                                  over log buckets, shared keys, LayerNorm'd relative embeddings) with the fast
                                  tokenizer built from MODEL as transformers' DebertaV2Converter builds it
  sample HH.jsonl.gz OUT --pairs N [--split]  the first N hh-rlhf pairs, with ids, as seal score reads them;
                                  --split: as prompt / chosen / rejected (the text before the last assistant turn and
                                  each response), which seal scores as [CLS] Human: prompt [SEP] response [SEP]
  reference HF PAIRS OUT.json     transformers' logits (f32, eager attention, no TF32) and token counts per text;
                                  split pairs as tokenizer("Human: " + prompt, response)
  compare REF.json SCORES... [--label L]  max/mean |seal - transformers| per scores file; exit 1 on a real mismatch
"""
import argparse, gzip, json, math, os, struct, sys

LLAMA3_REGEX = ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")


def read_vocab(path):
    """tokens, token types and merges of a GGUF (a minimal reader: little-endian GGUF v2/v3 metadata only)."""
    f = open(path, "rb")
    rd = lambda fmt: struct.unpack("<" + fmt, f.read(struct.calcsize("<" + fmt)))[0]
    rstr = lambda: f.read(rd("Q")).decode("utf-8")
    sizes = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}

    def value(t):
        if t == 8:
            return rstr()
        if t == 9:
            et, n = rd("I"), rd("Q")
            return [value(et) for _ in range(n)]
        return rd(sizes[t])

    assert f.read(4) == b"GGUF", path + " is not a GGUF file"
    rd("I"); rd("Q")
    kv = {}
    for _ in range(rd("Q")):
        k = rstr()
        kv[k] = value(rd("I"))
    return kv["tokenizer.ggml.tokens"], kv["tokenizer.ggml.token_type"], kv["tokenizer.ggml.merges"]


def write_tokenizer(out, vocab_gguf):
    tokens, types, merges = read_vocab(vocab_gguf)
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
              "special": True} for i, t in enumerate(tokens) if types[i] == 3]
    tok = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": LLAMA3_REGEX}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": {"type": "Sequence", "processors": [
            {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            {"type": "TemplateProcessing",
             "single": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
             "pair": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                      {"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
             "special_tokens": {"<|begin_of_text|>": {"id": "<|begin_of_text|>", "ids": [128000],
                                                      "tokens": ["<|begin_of_text|>"]}}}]},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
                  "vocab": {t: i for i, t in enumerate(tokens) if types[i] == 1}, "merges": merges}}
    path = os.path.join(out, "tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    return path, len(tokens)


def build(a):
    import inspect, torch, transformers
    from transformers import AutoTokenizer, LlamaConfig, LlamaForSequenceClassification
    os.makedirs(a.out, exist_ok=True)
    path, n_vocab = write_tokenizer(a.out, a.vocab)
    Fast = getattr(transformers, "PreTrainedTokenizerFast", None) or getattr(transformers, "TokenizersBackend")
    tok = Fast(tokenizer_file=path, bos_token="<|begin_of_text|>", eos_token="<|eot_id|>",
               pad_token="<|finetune_right_pad_id|>")
    tok.chat_template = ("{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>"
                         "\n\n{{ m['content'] | trim }}<|eot_id|>{% endfor %}")
    tok.save_pretrained(a.out)
    rope = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192}
    kw = dict(vocab_size=n_vocab, hidden_size=256, intermediate_size=768, num_hidden_layers=4, num_attention_heads=8,
              num_key_value_heads=2, max_position_embeddings=8192, rms_norm_eps=1e-5, num_labels=1,
              bos_token_id=128000, eos_token_id=128009, pad_token_id=tok.pad_token_id, tie_word_embeddings=False)
    if "rope_parameters" in inspect.signature(LlamaConfig.__init__).parameters:
        kw["rope_parameters"] = dict(rope, rope_theta=500000.0)
    else:
        kw.update(rope_scaling=rope, rope_theta=500000.0)
    torch.manual_seed(0)
    model = LlamaForSequenceClassification(LlamaConfig(**kw)).float()
    with torch.no_grad():  # O(1) activations, so rewards differ visibly between texts
        for name, p in model.named_parameters():
            if p.dim() == 2:
                p.normal_(0.0, 1.0 if "embed_tokens" in name else 1.0 / math.sqrt(p.shape[1]))
            else:
                p.normal_(1.0, 0.1)
    model.save_pretrained(a.out)
    check = AutoTokenizer.from_pretrained(a.out)("Hello world").input_ids
    print(f"built {a.out}: {sum(p.numel() for p in model.parameters()):,} parameters, 'Hello world' -> {check}")
    assert check[0] == 128000, "the saved tokenizer must add <|begin_of_text|>"


def randomize(model):
    """O(1) activations, so rewards differ visibly between texts: matrices ~ 1/sqrt(fan-in), embeddings ~ 1."""
    import torch
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2:
                p.normal_(0.0, 1.0 if "embed" in name else 1.0 / math.sqrt(p.shape[1]))
            else:
                p.normal_(1.0 if "norm" in name.lower() and name.endswith("weight") else 0.0, 0.1)
    return model


def build_neox(a):
    import torch, transformers
    from transformers import GPTNeoXConfig, GPTNeoXForSequenceClassification
    os.makedirs(a.out, exist_ok=True)
    tokens, types, merges = read_vocab(a.vocab)
    keep = [i for i, t in enumerate(tokens) if not (types[i] != 1 and t.startswith("[PAD"))]
    added = [{"id": i, "content": tokens[i], "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": types[i] != 3, "special": types[i] == 3} for i in keep if types[i] != 1]
    level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    tok = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
           "normalizer": {"type": "NFC"}, "pre_tokenizer": level, "post_processor": level, "decoder": level,
           "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                     "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                     "vocab": {tokens[i]: i for i in keep if types[i] == 1}, "merges": merges}}
    path = os.path.join(a.out, "tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    Fast = getattr(transformers, "GPTNeoXTokenizerFast", None) or getattr(transformers, "PreTrainedTokenizerFast")
    Fast(tokenizer_file=path, bos_token="<|endoftext|>", eos_token="<|endoftext|>", unk_token="<|endoftext|>",
         pad_token="<|endoftext|>", add_bos_token=False, add_eos_token=False).save_pretrained(a.out)
    cfg = GPTNeoXConfig(vocab_size=len(tokens), hidden_size=128, intermediate_size=512, num_hidden_layers=3,
                        num_attention_heads=4, rotary_pct=0.25, rotary_emb_base=10000, use_parallel_residual=True,
                        hidden_act="gelu", layer_norm_eps=1e-5, max_position_embeddings=2048, num_labels=1,
                        bos_token_id=0, eos_token_id=0, pad_token_id=0, tie_word_embeddings=False)
    torch.manual_seed(0)
    model = randomize(GPTNeoXForSequenceClassification(cfg).float())
    model.save_pretrained(a.out)
    print(f"built {a.out}: GPT-NeoX, {sum(p.numel() for p in model.parameters()):,} parameters")


def read_spm(path):
    """pieces [(text, score, type)] and the normalizer's precompiled charsmap of a SentencePiece model (a minimal
    protobuf reader: ModelProto field 1 the pieces, field 3 normalizer_spec with field 2 the charsmap)."""
    data = open(path, "rb").read()

    def varint(b, i):
        v = shift = 0
        while True:
            v |= (b[i] & 0x7F) << shift
            shift += 7
            i += 1
            if b[i - 1] < 0x80:
                return v, i

    def fields(b):
        i = 0
        while i < len(b):
            tag, i = varint(b, i)
            wire = tag & 7
            if wire == 0:
                v, i = varint(b, i)
            elif wire == 1:
                v, i = b[i:i + 8], i + 8
            elif wire == 2:
                n, i = varint(b, i)
                v, i = b[i:i + n], i + n
            elif wire == 5:
                v, i = b[i:i + 4], i + 4
            else:
                raise ValueError(f"{path}: wire type {wire}")
            yield tag >> 3, v

    pieces, charsmap = [], b""
    for field, v in fields(data):
        if field == 1:
            p = {1: b"", 2: b"\0\0\0\0", 3: 1}
            p.update(dict(fields(v)))
            pieces.append((p[1].decode("utf-8"), struct.unpack("<f", p[2])[0], p[3]))
        elif field == 3:
            charsmap = dict(fields(v)).get(2, b"")
    return pieces, charsmap


def build_deberta(a):
    import shutil, torch
    from tokenizers import AddedToken, Regex, Tokenizer, models, normalizers, pre_tokenizers, processors, decoders
    from transformers import DebertaV2Config, DebertaV2ForSequenceClassification, DebertaV2TokenizerFast
    os.makedirs(a.out, exist_ok=True)
    pieces, charsmap = read_spm(a.spm)
    # as transformers' DebertaV2Converter: the Unigram pieces, Strip + the precompiled charsmap + runs of spaces as
    # one, Metaspace, [CLS] A [SEP] (B [SEP])
    tok = Tokenizer(models.Unigram([(t, s) for t, s, _ in pieces], unk_id=3, byte_fallback=False))
    norm = [normalizers.Strip()] + ([normalizers.Precompiled(charsmap)] if charsmap else [])
    tok.normalizer = normalizers.Sequence(norm + [normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.add_special_tokens([AddedToken(t, special=True) for t in ("[PAD]", "[CLS]", "[SEP]", "[UNK]", "[MASK]")])
    tok.post_processor = processors.TemplateProcessing(single="[CLS]:0 $A:0 [SEP]:0",
                                                       pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
                                                       special_tokens=[("[CLS]", 1), ("[SEP]", 2)])
    DebertaV2TokenizerFast(tokenizer_object=tok, bos_token="[CLS]", eos_token="[SEP]", cls_token="[CLS]",
                           sep_token="[SEP]", pad_token="[PAD]", unk_token="[UNK]", mask_token="[MASK]",
                           do_lower_case=False, split_by_punct=False).save_pretrained(a.out)
    shutil.copy(a.spm, os.path.join(a.out, "spm.model"))  # what seal convert reads
    cfg = DebertaV2Config(vocab_size=len(pieces) + 100, hidden_size=64, num_hidden_layers=3, num_attention_heads=4,
                          intermediate_size=256, hidden_act="gelu", max_position_embeddings=512, type_vocab_size=0,
                          relative_attention=True, position_buckets=32, max_relative_positions=128,
                          pos_att_type=["p2c", "c2p"], norm_rel_ebd="layer_norm", share_att_key=True,
                          position_biased_input=False, layer_norm_eps=1e-7, pooler_hidden_size=64,
                          pooler_hidden_act="gelu", pooler_dropout=0, num_labels=1, pad_token_id=0)
    torch.manual_seed(0)
    model = randomize(DebertaV2ForSequenceClassification(cfg).float())
    model.save_pretrained(a.out)
    print(f"built {a.out}: DeBERTa-v3 layout, {sum(p.numel() for p in model.parameters()):,} parameters")


def split_hh(text):
    """hh-rlhf's text as (prompt, response): before and after the last assistant turn's "\n\nAssistant: "."""
    cut = text.rindex("\n\nAssistant:")
    return text[:cut].removeprefix("\n\nHuman: "), text[cut + len("\n\nAssistant:"):].removeprefix(" ")


def sample(a):
    with (gzip.open if a.hh.endswith(".gz") else open)(a.hh, "rt", encoding="utf-8") as f, \
            open(a.out, "w", encoding="utf-8") as o:
        for i, line in enumerate(f):
            if i == a.pairs:
                break
            r = json.loads(line)
            row = {"id": f"p{i}", "chosen": r["chosen"], "rejected": r["rejected"]}
            if a.split:
                (pc, c), (pr, rj) = split_hh(r["chosen"]), split_hh(r["rejected"])
                if pc != pr:
                    continue  # one prompt field for both sides: seal renders it as the user turn "Human: <prompt>"
                row = {"id": f"p{i}", "prompt": pc, "chosen": c, "rejected": rj}
            o.write(json.dumps(row) + "\n")
    print(f"sampled {min(i, a.pairs)} pairs into {a.out}")


def reference(a):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    tok = AutoTokenizer.from_pretrained(a.hf)
    try:
        model = AutoModelForSequenceClassification.from_pretrained(a.hf, dtype=torch.float32, attn_implementation="eager")
    except TypeError:
        model = AutoModelForSequenceClassification.from_pretrained(a.hf, torch_dtype=torch.float32, attn_implementation="eager")
    model = model.to(dev).eval()
    out = {}
    with torch.no_grad(), open(a.pairs, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            row = {}
            for side in ("chosen", "rejected"):
                # one text at a time: no padding
                text = ("Human: " + r["prompt"], r[side]) if "prompt" in r else (r[side],)
                ids = tok(*text, return_tensors="pt").input_ids.to(dev)
                row[side] = model(ids).logits[0].float().tolist()
                row[side + "_tokens"] = ids.shape[1]
            out[r["id"]] = row
    json.dump(out, open(a.out, "w"))
    print(f"transformers {len(out)} pairs on {dev} ({torch.cuda.get_device_name() if dev == 'cuda' else 'cpu'})")


def compare(a):
    ref = json.load(open(a.ref))
    scale = max(abs(v) for r in ref.values() for s in ("chosen", "rejected") for v in r[s])
    bad = False
    report = {}
    for path in a.scores:
        diffs, tok_mismatch, n = [], 0, 0
        for line in open(path, encoding="utf-8"):
            s = json.loads(line)
            r = ref.get(s["id"])
            if r is None:
                continue
            n += 1
            for side in ("chosen", "rejected"):
                diffs.append(abs(s[side + "_reward"] - r[side][0]))
                tok_mismatch += s[side + "_tokens"] != r[side + "_tokens"]
        mx, mean = max(diffs), sum(diffs) / len(diffs)
        name = os.path.basename(path)
        report[name] = {"pairs": n, "max_abs": mx, "mean_abs": mean, "max_rel": mx / scale,
                        "token_count_mismatches": tok_mismatch}
        print(f"{name}: {n} pairs, max |seal - transformers| {mx:.3g} (relative to max |logit| {scale:.3g}: "
              f"{mx / scale:.3g}), mean {mean:.3g}, token-count mismatches {tok_mismatch}")
        # any type must tokenize identically; f32 must agree to within GPU matmul rounding (TF32-class, ~1e-3)
        bad |= tok_mismatch > 0 or n < len(ref) // 2 or ("f32" in name and mx / scale > 5e-3)
    if os.environ.get("OUT"):
        name = "convert-check" + (f"-{a.label}" if a.label else "") + ".json"
        json.dump(report, open(os.path.join(os.environ["OUT"], name), "w"), indent=1)
    sys.exit(1 if bad else 0)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build"); b.add_argument("out"); b.add_argument("--vocab", required=True)
    n = sub.add_parser("build-neox"); n.add_argument("out"); n.add_argument("--vocab", required=True)
    d = sub.add_parser("build-deberta"); d.add_argument("out"); d.add_argument("--spm", required=True)
    s = sub.add_parser("sample"); s.add_argument("hh"); s.add_argument("out"); s.add_argument("--pairs", type=int, default=150)
    s.add_argument("--split", action="store_true")
    r = sub.add_parser("reference"); r.add_argument("hf"); r.add_argument("pairs"); r.add_argument("out")
    c = sub.add_parser("compare"); c.add_argument("ref"); c.add_argument("scores", nargs="+")
    c.add_argument("--label", default="", help="$OUT/convert-check-LABEL.json instead of convert-check.json")
    a = p.parse_args()
    {"build": build, "build-neox": build_neox, "build-deberta": build_deberta, "sample": sample, "reference": reference,
     "compare": compare}[a.cmd](a)


if __name__ == "__main__":
    main()
