#!/usr/bin/env python3
"""Dev tool: diff taskcheck output against a golden task file.
usage: compare_task.py ours.jsonl golden.jsonl.gz"""
import gzip, json, sys
ours = {r["t"]: r for r in (json.loads(l) for l in open(sys.argv[1]))}
gold = [json.loads(l) for l in gzip.open(sys.argv[2], "rt")]
keys = gold[0]["obs_keys"]
wo = wr = 0.0; first_bad = None; rew_mismatch = 0
for g in gold[1:]:
    t = g["t"]; o = ours[t]
    go = [v for k in keys for v in (g["obs"][k] if isinstance(g["obs"][k], list) else [g["obs"][k]])]
    d = max(abs(a - b) for a, b in zip(o["obs"], go))
    wo = max(wo, d) if t <= 100 else wo
    if g["reward"] is not None:
        dr = abs(o["reward"] - g["reward"])
        if t <= 100: wr = max(wr, dr)
        if dr > 1e-6: rew_mismatch += 1
    if first_bad is None and d > 1e-6: first_bad = (t, d)
print(f"{sys.argv[2].split('/')[-1]}: obs maxdiff(t<=100)={wo:.2e} reward maxdiff(t<=100)={wr:.2e} "
      f"first obs>1e-6 at {first_bad} reward mismatches(all rows)={rew_mismatch} rewards_sum={sum(g['reward'] or 0 for g in gold[1:])}")
