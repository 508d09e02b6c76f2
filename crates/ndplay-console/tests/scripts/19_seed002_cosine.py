# Seed 002, "Cosine similarity": a positively scaled copy gives exactly 1.
import numpy as np


def cosine(u, v):
    return (u @ v) / (np.linalg.norm(u) * np.linalg.norm(v))


def cosine_loop(u, v):
    dot = nu = nv = 0.0
    for a, b in zip(u, v):
        dot += a * b
        nu += a * a
        nv += b * b
    return dot / (nu ** 0.5 * nv ** 0.5)


u = np.array([1.0, 2.0, 3.0])
print(cosine(u, 3 * u), np.isclose(cosine(u, 3 * u), 1.0))
print(cosine(u, -u))
v = np.array([3.0, -1.0, 0.5])
print(np.isclose(cosine(u, v), cosine_loop(u, v)))
print(f"{cosine(u, v):.6f}")
E = np.random.default_rng(0).standard_normal((4, 3))
En = E / np.linalg.norm(E, axis=1, keepdims=True)
S = En @ En.T
print(S.shape, np.allclose(S[np.arange(4), np.arange(4)], 1.0))
print(np.round(S, 4))
