#!/usr/bin/env python3
"""Fits SyntheticFaces' constants to real faceapi-resnet templates.

Reads the embedding caches `facefare bench gallery` writes (~/.cache/facefare/embeddings/
faceapi-resnet-<set>.bin: format int, model id, count, dimension, then identity and float32 values
per image, Java DataOutputStream big-endian), measures the genuine and impostor cosine
distributions, writes the mean template (the gallery's bundled centre, little-endian float32) and
grid-searches the generator: v = centre + identity part (k-dim random subspace, scale sb) +
noise (scale sw * exp(sigma * N(0,1)) per capture), to match genuine/impostor mean and std.
"""
import os
import struct
import sys

import numpy as np

CACHE = os.path.expanduser(sys.argv[1] if len(sys.argv) > 1 else "~/.cache/facefare/embeddings")


def load(path):
    d = open(path, "rb").read()
    o = 0

    def i32():
        nonlocal o
        v = struct.unpack(">i", d[o:o + 4])[0]
        o += 4
        return v

    def utf():
        nonlocal o
        n = struct.unpack(">H", d[o:o + 2])[0]
        s = d[o + 2:o + 2 + n].decode()
        o += 2 + n
        return s

    i32()
    utf()
    n, dim = i32(), i32()
    ids, vs = [], np.zeros((n, dim), np.float32)
    for k in range(n):
        ids.append(utf())
        vs[k] = np.frombuffer(d[o:o + 4 * dim], ">f4")
        o += 4 * dim
    return ids, vs


def stats(x, labels):
    s = x @ x.T
    iu = np.triu_indices(len(x), 1)
    same = (labels[:, None] == labels[None, :])[iu]
    g, i = s[iu][same], s[iu][~same]
    return np.array([g.mean(), g.std(), i.mean(), i.std()])


ids, vs = [], []
for ds in ["att", "celeb-thumbs", "yaleb"]:
    i, v = load(f"{CACHE}/faceapi-resnet-{ds}.bin")
    ids += [ds + "/" + x for x in i]
    vs.append(v)
V, labels = np.vstack(vs), np.array(ids)
mu = V.mean(0)
target = stats(V, labels)
print("real: genuine %.4f ± %.4f, impostor %.4f ± %.4f" % tuple(target), "|mean| %.4f" % np.linalg.norm(mu))
mu.astype("<f4").tofile("centre-faceapi-resnet.f32")

rng = np.random.default_rng(1)
D = V.shape[1]


def sim(k, sb, sw, sig, nid=150, per=4):
    q, _ = np.linalg.qr(rng.standard_normal((D, k)))
    lab = np.repeat(np.arange(nid), per)
    c = (rng.standard_normal((nid, k)) @ q.T) * sb
    scale = sw * np.exp(sig * rng.standard_normal(nid * per))
    x = mu + c[lab] + rng.standard_normal((nid * per, D)) * scale[:, None]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return stats(x, lab)


best = None
for k in [12, 16, 20, 24]:
    for sb in np.linspace(0.06, 0.10, 9):
        for sw in np.linspace(0.01, 0.03, 9):
            for sig in [0.3, 0.5, 0.7]:
                r = sim(k, sb, sw, sig)
                e = (((r - target) / 0.005) ** 2).sum()
                if best is None or e < best[0]:
                    best = (e, k, sb, sw, sig, r)
e, k, sb, sw, sig, r = best
print(f"fit: k={k} sb={sb:.4f} sw={sw:.4f} sigma={sig}; synthetic genuine %.4f ± %.4f, impostor %.4f ± %.4f" % tuple(r))
