"""Reads a llama_embedding run of scripts/bench-env.sh: STEM.log (llama-embedding's log) and STEM.wall (its start and
end, seconds since the epoch)."""
import re


def decode_rate(stem, pairs):
    """(pairs/s, tokens/s) from the run's first decode to its exit (model load and tokenizing excluded, writing the
    embeddings included), or None when the log shows no decode (a failed run)."""
    log = open(f"{stem}.log").read()
    # its log lines start with the time since it started: minutes.seconds.milliseconds.microseconds
    first = re.search(r"^(\d+)\.(\d+)\.(\d+)\.(\d+) I batch_decode", log, re.M)
    tokens = sum(int(n) for n in re.findall(r"batch_decode: n_tokens = (\d+)", log))
    if not first or not tokens:
        return None
    t0, t1 = map(float, open(f"{stem}.wall").read().split())
    mi, se, ms, us = map(int, first.groups())
    seconds = (t1 - t0) - (mi * 60 + se + ms / 1e3 + us / 1e6)
    return pairs / seconds, tokens / seconds
