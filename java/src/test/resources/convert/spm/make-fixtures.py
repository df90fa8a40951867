#!/usr/bin/python3
"""Writes the SentencePiece fixtures of DebertaTokenizerTest: small Unigram spm.models trained the way DeBERTa-v3's
spm.model was, the texts, and the ids SentencePiece itself gives them, wrapped as Hugging Face's DebertaV2Tokenizer
wraps them ([CLS] text [SEP], and [CLS] a [SEP] b [SEP] for a pair).

Run by hand only (the fixtures are committed), from this directory, with Debian bookworm's SentencePiece 0.1.97
(apt-get install python3-sentencepiece):

    /usr/bin/python3 make-fixtures.py ~/.cache/seal/llama.cpp-<ref>/models /work/shared/data/hh-rlhf/harmless-base-test.jsonl.gz

Inputs: llama.cpp's tokenizer test texts (models/ggml-vocab-*.gguf.inp, the union of the distinct files) and the
hh-rlhf harmless-base test split (training text, and a few whole dialogues as test texts). Outputs here:
  v3.model      DeBERTa-v3's trainer settings (Unigram, nmt_nfkc, dummy prefix, extra whitespace removed, no byte
                fallback, [PAD] [CLS] [SEP] [UNK] at ids 0..3), 4000 pieces
  plain.model   the same but identity normalization, no dummy prefix and extra whitespace kept: the flags the
                converter copies into the GGUF, each the other way round
  texts.json    {"texts": [...], "pairs": [[prompt, response], ...],
                 "<model>": {"texts": [[ids]...], "pairs": [[ids]...], "ties": [{"text", "sentencepiece"}...]}}
                for each model; the ids are SentencePiece's except on exact ties (see Encoder), where "ties" lists
                the text and SentencePiece's own ids

Why SentencePiece is the reference: DebertaV2Tokenizer (slow) is exactly spm.encode plus the [CLS]/[SEP] wrapping
(its split_by_punct and do_lower_case are off for DeBERTa-v3), and the fast tokenizer is converted from that spm.model.
Texts containing the special tokens' own text ("[SEP]") are left out: Hugging Face splits them into the special tokens,
seal tokenizes dataset text without parsing specials (README, DeBERTa).
"""
import gzip
import json
import os
import sys

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
SEP = "\n__ggml_vocab_test__\n"
SPECIALS = ("[PAD]", "[CLS]", "[SEP]", "[UNK]", "[MASK]")
CLS, SEP_ID, UNK = 1, 2, 3

UNKNOWN = "unknown: "
# What llama.cpp's test texts lack: characters that NFKC changes, whitespace runs of every kind, unknown scripts.
HARD = [
    "\ufb01nance \ufb02ow \ufb00 \ufb03",                         # ligatures fi fl ff ffi
    "\uff21\uff22\uff23 \uff11\uff12\uff13\uff0c\uff01",            # full-width ABC 123 , !
    "\u2460 \u2461 \u2173 \u216b x\u00b2 H\u2082O \u2122 \u2126",   # circled, roman, super/subscripts, TM, ohm
    "cafe\u0301 re\u0301sume\u0301 \u1100\u1161\u11a8",              # combining accents, Hangul jamo (NFKC composes)
    "a\u00a0b\u3000c\u2002d\u200be\u00adf",                          # no-break, ideographic, en space, zero-width, soft hyphen
    "  leading and trailing  ",
    "many     spaces\t\ttabs\n\nnew\r\nlines \n \t ",
    "\t",
    "\u2581already \u2581meta\u2581symbol",
    "digits 0123456789 3.14159 1,000,000 42nd",
    "emoji \U0001f600\U0001f44d\U0001f3fd \u2764\ufe0f \U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\u4f60\u597d\uff0c\u4e16\u754c\uff01\u6211\u4eec\u6765\u70e4\u9762\u5305\u3002",  # CJK, some unknown to the model
    "\u3053\u3093\u306b\u3061\u306f \ud55c\uad6d\uc5b4 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",  # kana, Hangul, Thai
    "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u0928\u092e\u0938\u094d\u0924\u0947",  # Arabic, Hebrew, Devanagari
    UNKNOWN + "\U00013000\U0001d11e\u2603\u0f00 in a row \U00013000\U00013001",
    "control\u0001chars\u007f and \u200e marks",
    "MiXeD CaSe, punctuation!!! (brackets) [square] {curly} <angle> \"quotes\" 'single' `back`",
    "https://example.com/path?q=1&r=2#frag user@example.org",
    "def f(x):\n    return x ** 2  # squared\n",
    "",
    " ",
    "a",
]

PAIRS = [
    ("How do I bake bread?", "Knead the dough, let it rise, then bake at 220\u00b0C."),
    ("  spaces around  ", "\tand tabs\t"),
    ("\ufb01ne \uff21\uff22\uff23", "\u4f60\u597d \U0001f600"),
    ("", "empty prompt"),
    ("empty response", ""),
]


def llama_texts(models_dir):
    seen, out = set(), []
    for name in sorted(os.listdir(models_dir)):
        if name.endswith(".inp"):
            with open(os.path.join(models_dir, name), encoding="utf-8") as f:
                for t in f.read().split(SEP):
                    if t not in seen:
                        seen.add(t)
                        out.append(t)
    return out


def hh_texts(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line)["chosen"] for line in f]


def train(prefix, corpus, vocab, normalization, dummy_prefix, remove_ws):
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=os.path.join(HERE, prefix), model_type="unigram", vocab_size=vocab,
        normalization_rule_name=normalization, add_dummy_prefix=dummy_prefix, remove_extra_whitespaces=remove_ws,
        byte_fallback=False, split_by_whitespace=True, split_by_unicode_script=True, split_by_number=True,
        character_coverage=0.9995, max_sentencepiece_length=16, num_threads=1, seed_sentencepiece_size=200000,
        pad_id=0, pad_piece="[PAD]", bos_id=1, bos_piece="[CLS]", eos_id=2, eos_piece="[SEP]", unk_id=3,
        unk_piece="[UNK]", minloglevel=2)
    os.remove(os.path.join(HERE, prefix + ".vocab"))
    return spm.SentencePieceProcessor(model_file=os.path.join(HERE, prefix + ".model"))


class Encoder:
    """SentencePiece's segmentation, with exact ties broken as Hugging Face's fast tokenizer and llama.cpp break them.

    Where two segmentations have the same total score, SentencePiece 0.1.97 (and so the slow DebertaV2Tokenizer) picks
    by a rounding: its Viterbi adds a double score to a float path score, compares, and stores the sum as float. The
    fast tokenizer (tokenizers' Unigram) and llama.cpp's UGM sum in double throughout and keep the first-found best (the
    last piece that starts earliest). This is that Viterbi, in double, over SentencePiece's own normalized text (the
    concatenated pieces: an unknown piece is its normalized text), with runs of unknowns fused into one [UNK].
    """

    def __init__(self, sp):
        self.sp = sp
        self.vocab = {}
        for i in range(sp.get_piece_size()):
            if not (sp.is_control(i) or sp.is_unknown(i) or sp.is_unused(i)):
                self.vocab[sp.id_to_piece(i)] = (i, sp.get_score(i))
        self.unk_score = min(score for _, score in self.vocab.values()) - 10.0  # kUnkPenalty
        self.longest = max(len(p) for p in self.vocab)

    def viterbi(self, s):
        best = [None] * (len(s) + 1)  # (score, start, id) of the best path ending here
        best[0] = (0.0, -1, -1)
        for start in range(len(s)):
            here = best[start][0]
            single = False
            for n in range(1, min(self.longest, len(s) - start) + 1):
                piece = self.vocab.get(s[start:start + n])
                if piece is None:
                    continue
                single = single or n == 1
                if best[start + n] is None or here + piece[1] > best[start + n][0]:
                    best[start + n] = (here + piece[1], start, piece[0])
            if not single and (best[start + 1] is None or here + self.unk_score > best[start + 1][0]):
                best[start + 1] = (here + self.unk_score, start, UNK)
        out = []
        end = len(s)
        while end > 0:
            _, start, i = best[end]
            if not (i == UNK and out and out[-1] == UNK):
                out.append(i)
            end = start
        return out[::-1]

    def score(self, ids):
        return sum(self.unk_score if i == UNK else self.sp.get_score(i) for i in ids)

    def encode(self, text):
        """(the ids with ties broken first-found, SentencePiece's ids); they differ only on an exact tie."""
        reference = self.sp.encode(text)
        got = self.viterbi("".join(self.sp.encode(text, out_type=str)))
        if got != reference and self.score(got) != self.score(reference):
            raise SystemExit(f"{text!r}: {got} and SentencePiece's {reference} differ and score differently")
        return got, reference


def main():
    models_dir, hh = sys.argv[1], sys.argv[2]
    dialogues = hh_texts(hh)
    texts = llama_texts(models_dir) + HARD + dialogues[:: len(dialogues) // 8][:8]
    texts = [t for t in texts if not any(s in t for s in SPECIALS)]
    corpus = os.path.join(HERE, "corpus.tmp")
    with open(corpus, "w", encoding="utf-8") as f:
        # one training sentence per line; the test texts are in it too, repeated so that their scripts are known,
        # except the one meant for unknown characters (character_coverage leaves the rarest ones out as [UNK])
        for t in dialogues + [t for t in texts if not t.startswith(UNKNOWN)] * 30:
            for line in t.split("\n"):
                if line.strip():
                    f.write(line + "\n")
    models = {"v3": train("v3", corpus, 4000, "nmt_nfkc", True, True),
              "plain": train("plain", corpus, 2000, "identity", False, False)}
    os.remove(corpus)
    # the hand-made pairs, then every text as a prompt with the next one as its response
    pairs = PAIRS + [(texts[i], texts[(i + 1) % len(texts)]) for i in range(len(texts))]
    out = {"texts": texts, "pairs": [list(p) for p in pairs]}
    for name, sp in models.items():
        enc = Encoder(sp)
        ties = []

        def ids(text):
            got, reference = enc.encode(text)
            if got != reference:
                ties.append({"text": text, "sentencepiece": reference})
            return got

        # seal's text-pair mode renders the prompt as hh-rlhf's turns (Texts.renderHhPrompt): "Human: <prompt>"
        out[name] = {"texts": [[CLS] + ids(t) + [SEP_ID] for t in texts],
                     "pairs": [[CLS] + ids("Human: " + a) + [SEP_ID] + ids(b) + [SEP_ID] for a, b in pairs], "ties": ties}
    with open(os.path.join(HERE, "texts.json"), "w", encoding="utf-8") as f:
        f.write(lines(out) + "\n")


def lines(value, depth=0):
    """JSON with one line per text, id list or tie, so that a change to the fixtures reads as a diff."""
    if isinstance(value, dict) and depth < 2:
        items = [json.dumps(k) + ": " + lines(v, depth + 1) for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n}"
    if isinstance(value, list) and depth < 3 and value and isinstance(value[0], (list, dict, str)):
        return "[\n" + ",\n".join(json.dumps(v, ensure_ascii=True) for v in value) + "\n]"
    return json.dumps(value, ensure_ascii=True)


if __name__ == "__main__":
    main()
