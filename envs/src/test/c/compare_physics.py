#!/usr/bin/env python3
"""Dev tool: diff mjcheck's output for our MJCF against the golden physics file.
usage: compare_physics.py ours.jsonl golden.jsonl.gz"""
import gzip, json, sys

ours = [json.loads(l) for l in open(sys.argv[1])]
gold = [json.loads(l) for l in gzip.open(sys.argv[2], "rt")]
oh, gh = ours[0], gold[0]
ok = True
for k in ["nq", "nv", "nu", "na", "nbody", "njnt", "ngeom", "nsensor", "nsensordata", "timestep",
          "integrator", "gravity", "body_names", "joint_names", "actuator_names", "sensor_names",
          "actuator_ctrlrange", "qpos0"]:
    if oh.get(k) != gh.get(k):
        ok = False
        print(f"HEADER MISMATCH {k}: ours={oh.get(k)} golden={gh.get(k)}")
for k in ["total_mass"]:
    if abs(oh[k] - gh[k]) > 1e-12:
        ok = False
        print(f"HEADER MISMATCH {k}: ours={oh[k]!r} golden={gh[k]!r}")
bm = max(abs(a - b) for a, b in zip(oh["body_mass"], gh["body_mass"]))
print(f"body_mass max diff {bm:.3g}")
gr = {r["step"]: r for r in gold[1:]}
worst = {}
for r in ours[1:]:
    g = gr.get(r["step"])
    if g is None:
        continue
    line = []
    for k in ["qpos", "qvel", "sens_fwd", "sens_step", "qacc_fwd"]:
        d = max([abs(a - b) for a, b in zip(r[k], g[k])] or [0.0])
        worst[k] = max(worst.get(k, 0.0), d)
        line.append(f"{k}={d:.2e}")
    if r["step"] in (0, 10, 50, 100, 200, 300, 500, 700, 1000):
        print(f"step {r['step']:4d}: " + " ".join(line))
print("HEADER OK" if ok else "HEADER FAIL")
