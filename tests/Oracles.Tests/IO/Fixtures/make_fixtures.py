#!/usr/bin/env python3
"""Writes the trajectory-file fixtures of tests/Oracles.Tests/IO the way users write them (h5py, numpy).

Run from this folder with Debian's python3-h5py and python3-numpy (h5py 3.7, numpy 1.24 were used):
    /usr/bin/python3 make_fixtures.py
The tests never run Python; they read the committed files and compare with the closed forms below
(IO/FixtureFormulas.cs repeats them). Every file is deterministic and well under 50 KB.

Closed forms (x_j = j L / n on each axis, t_m = 0.1 m):
  psi(x, t) = L^(-d/2) exp(i (2 pi k.x / L - omega t)),  k = (1, 2, 1)[:d], omega = 0.5 |k|^2   (|psi|^2 L^d = 1)
  V(x, t)   = cos(2 pi x_1 / L) sin(t)
  rho(x, t) = L^(-d) (1 + 0.5 sin(2 pi x_1 / L) cos(t))
  u_a(x, t) = 0.25 (a + 1) cos(2 pi x_(last) / L) cos(t)       (component a = 0..d-1)
"""
import h5py
import numpy as np

NT = 4


def grid(shape, L):
    axes = [np.arange(n) * L / n for n in shape]
    return np.meshgrid(*axes, indexing="ij")


def fields(shape, L, nt=NT):
    d = len(shape)
    X = grid(shape, L)
    k = (1, 2, 1)[:d]
    omega = 0.5 * sum(q * q for q in k)
    t = 0.1 * np.arange(nt)
    phase = sum(2 * np.pi * k[a] * X[a] / L for a in range(d))
    psi = np.stack([L ** (-d / 2) * np.exp(1j * (phase - omega * tm)) for tm in t])
    V = np.stack([np.cos(2 * np.pi * X[0] / L) * np.sin(tm) for tm in t])
    rho = np.stack([L ** (-d) * (1 + 0.5 * np.sin(2 * np.pi * X[0] / L) * np.cos(tm)) for tm in t])
    u = np.stack([np.stack([0.25 * (a + 1) * np.cos(2 * np.pi * X[-1] / L) * np.cos(tm) for a in range(d)]) for tm in t])
    return t, psi, V, rho, u


def attrs(target, system, d, L, hbar=0.1, eps=0.2, root=True):
    if root:
        target["oracles_format"] = "trajectory"
        target["oracles_version"] = 1
    target["system"] = system
    target["dim"] = d
    target["box_length"] = L
    target["hbar"] = hbar
    target["epsilon"] = eps


def main():
    # 1. h5py's native complex (compound {r, i} of float64), 1-D, L = 2, with V and provenance.
    t, psi, V, rho, u = fields((16,), 2.0)
    with h5py.File("h5py_native_complex_1d.h5", "w") as f:
        attrs(f.attrs, "sp", 1, 2.0)
        f.attrs["producer"] = "make_fixtures.py"
        f.attrs["scheme"] = "closed form"
        f.attrs["solver_time_step"] = 0.01
        f.attrs["scheme_order"] = 2
        f["t"] = t
        f["psi"] = psi
        f["V"] = V

    # 2. psi_re / psi_im pair, 2-D 8 x 6, chunked and gzip-compressed with shuffle, L = 1.
    t, psi, V, rho, u = fields((8, 6), 1.0)
    with h5py.File("h5py_pair_chunked_gzip_2d.h5", "w") as f:
        attrs(f.attrs, "spb", 2, 1.0)
        f["t"] = t
        for name, data in (("psi_re", psi.real), ("psi_im", psi.imag)):
            f.create_dataset(name, data=data, chunks=(1, 8, 6), compression="gzip", shuffle=True)

    # 3. Big-endian: compound of big-endian float32 (complex64), t as big-endian float64; 1-D, L = 1.
    t, psi, V, rho, u = fields((12,), 1.0)
    with h5py.File("h5py_bigendian_complex64_1d.h5", "w") as f:
        attrs(f.attrs, "sp", 1, 1.0)
        f["t"] = t.astype(">f8")
        f["psi"] = psi.astype(">c8")

    # 4. Quantum root + fluid group (the layout for checking both together), 1-D 16, L = 1.
    t, psi, V, rho, u = fields((16,), 1.0)
    with h5py.File("h5py_quantum_with_fluid_group_1d.h5", "w") as f:
        attrs(f.attrs, "spb", 1, 1.0)
        f["t"] = t
        f["psi"] = psi
        g = f.create_group("fluid")
        attrs(g.attrs, "isothermal-euler", 1, 1.0, 0.0, 0.0, root=False)
        g["t"] = t
        g["rho"] = rho
        g["u"] = u

    # 5. Fluid-only file (for --fluid), 3-D 4 x 4 x 4, L = 1, no hbar/epsilon (optional for fluids).
    t, psi, V, rho, u = fields((4, 4, 4), 1.0, nt=2)
    with h5py.File("h5py_fluid_only_3d.h5", "w") as f:
        f.attrs["oracles_format"] = "trajectory"
        f.attrs["oracles_version"] = 1
        f.attrs["system"] = "isothermal-euler"
        f.attrs["dim"] = 3
        f.attrs["box_length"] = 1.0
        f["t"] = t
        f["rho"] = rho
        f["u"] = u

    # 6. np.savez (stored), complex128, 1-D, L = 2, with V.
    t, psi, V, rho, u = fields((16,), 2.0)
    np.savez("numpy_savez_1d.npz", oracles_format="trajectory", oracles_version=1, system="sp", dim=1,
             box_length=2.0, hbar=0.1, epsilon=0.2, t=t, psi=psi, V=V)

    # 7. np.savez_compressed (deflate), big-endian Fortran-order complex128, 2-D 8 x 6; t float32; int32/bytes attributes.
    t, psi, V, rho, u = fields((8, 6), 1.0)
    np.savez_compressed("numpy_compressed_fortran_bigendian_2d.npz",
                        oracles_format=np.bytes_(b"trajectory"), oracles_version=np.int32(1), system="spb",
                        dim=np.int32(2), box_length=1.0, hbar=0.1, epsilon=0.2,
                        t=t.astype("<f4"), psi=np.asfortranarray(psi).astype(">c16", order="F"),
                        V=np.asfortranarray(V.astype(">f8")))

    # 8. complex64 + float32 fields and a fluid group under the key prefix fluid/, 1-D 16, L = 1.
    t, psi, V, rho, u = fields((16,), 1.0)
    np.savez("numpy_complex64_with_fluid_1d.npz", oracles_format="trajectory", oracles_version=1, system="spb",
             dim=1, box_length=1.0, hbar=0.1, epsilon=0.2, t=t, psi=psi.astype(np.complex64), V=V.astype(np.float32),
             **{"fluid/system": "isothermal-euler", "fluid/dim": 1, "fluid/box_length": 1.0,
                "fluid/t": t, "fluid/rho": rho, "fluid/u": u})

    # 9-11. Files users get wrong, each with one mistake; the tests check the message.
    t, psi, V, rho, u = fields((16,), 1.0)
    with h5py.File("invalid_psi_has_more_frames_than_t.h5", "w") as f:
        attrs(f.attrs, "sp", 1, 1.0)
        f["t"] = t
        f["psi"] = np.concatenate([psi, psi[-1:]])
    np.savez("invalid_box_length_missing.npz", oracles_format="trajectory", oracles_version=1, system="sp", dim=1,
             hbar=0.1, epsilon=0.2, t=t, psi=psi)
    bad = rho.copy()
    bad[2, 4] = -1e-3   # t = 0.2, x = 4/16 = 0.25
    with h5py.File("invalid_rho_negative.h5", "w") as f:
        f.attrs["oracles_format"] = "trajectory"
        f.attrs["oracles_version"] = 1
        f.attrs["system"] = "isothermal-euler"
        f.attrs["dim"] = 1
        f.attrs["box_length"] = 1.0
        f["t"] = t
        f["rho"] = bad


if __name__ == "__main__":
    main()
