"""Independent reader of an exported policy: parses safetensors itself (8-byte little-endian header length, JSON
header, raw little-endian data) with numpy only, and computes the deterministic action of each raw observation.

usage: safetensors_policy.py FILE OBS_CSV   (OBS_CSV: one observation per line, comma-separated)
prints: 'meta<TAB>key<TAB>value' per metadata entry, 'tensor<TAB>name<TAB>dtype<TAB>shape', then
'action<TAB>a1<TAB>a2...' per observation (repr: 17 significant digits).
"""
import json, struct, sys
import numpy as np


def load(path):
    b = open(path, 'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8 + n]); meta = h.pop('__metadata__')
    t = {k: np.frombuffer(b[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]], {'F32': '<f4', 'F64': '<f8'}[v['dtype']]).reshape(v['shape']) for k, v in h.items()}
    return t, meta, h


def act(t, meta, obs):  # obs: [batch, obs_dim] raw observations -> deterministic actions [batch, act_dim]
    x = np.clip((obs - t['obs_rms.mean']) / np.sqrt(t['obs_rms.var'] + float(meta['obs_epsilon'])), -t['obs_clip'], t['obs_clip'])
    x = x.astype(np.float32).astype(np.float64)
    n = int(meta['actor_layers'])
    for l in range(n):
        x = x @ t[f'actor_mean.{2 * l}.weight'].astype(np.float64).T + t[f'actor_mean.{2 * l}.bias']
        if l < n - 1: x = np.tanh(x) if meta['activation'] == 'tanh' else np.maximum(x, 0)
    return np.clip(x, t['action_space.low'], t['action_space.high'])


def main():
    tensors, meta, header = load(sys.argv[1])
    data_len = len(open(sys.argv[1], 'rb').read()) - 8 - struct.unpack('<Q', open(sys.argv[1], 'rb').read(8))[0]
    spans = sorted(v['data_offsets'] for v in header.values())
    assert spans[0][0] == 0 and spans[-1][1] == data_len, 'data must be covered exactly'
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), 'tensors must lie back to back'
    for k, v in meta.items():
        print(f'meta\t{k}\t{v}')
    for k, v in header.items():
        print(f'tensor\t{k}\t{v["dtype"]}\t{v["shape"]}')
    obs = np.loadtxt(sys.argv[2], delimiter=',', ndmin=2)
    for a in act(tensors, meta, obs):
        print('action\t' + '\t'.join(repr(float(x)) for x in a))


main()
