#!/usr/bin/env python3
"""Reads trajectory files WRITTEN BY ORACLES with h5py and numpy and checks them against the closed forms of
make_fixtures.py: proof that users can open what `oracles solve` / TrajectoryFile.Write produce.

Usage: /usr/bin/python3 check_oracles_files.py FILE...   (.h5 or .npz; exits 1 on the first mismatch)
Expected content (what the interop run writes): quantum root, system "spb", hbar 0.1, epsilon 0.2, t_m = 0.1 m,
psi and V from the closed forms; optionally a fluid group (h5: /fluid, npz: keys fluid/...), or a fluid-only root.
"""
import sys

import h5py
import numpy as np

from make_fixtures import fields


def check(name, got, want, tol=1e-14):
    got = np.asarray(got)
    if got.shape != want.shape or not np.allclose(got, want, rtol=0, atol=tol):
        sys.exit(f"MISMATCH {name}: shape {got.shape} vs {want.shape}, max err "
                 f"{np.max(np.abs(got - want)) if got.shape == want.shape else 'n/a'}")


def check_group(label, get, attrs, root):
    if root:
        assert attrs["oracles_format"] == "trajectory", attrs["oracles_format"]
        assert int(attrs["oracles_version"]) == 1
    d, L = int(attrs["dim"]), float(attrs["box_length"])
    key = "psi" if "psi" in attrs["__keys__"] else "rho"
    shape = get(key).shape[2 if key == "u" else 1:]
    t, psi, V, rho, u = fields(tuple(shape), L, nt=get("t").shape[0])
    check(f"{label}/t", get("t"), t)
    if key == "psi":
        assert attrs["system"] == "spb" and float(attrs["hbar"]) == 0.1 and float(attrs["epsilon"]) == 0.2
        p = get("psi")
        assert p.dtype == np.complex128, p.dtype
        check(f"{label}/psi", p, psi)
        check(f"{label}/V", get("V"), V)
    else:
        assert attrs["system"] == "isothermal-euler"
        check(f"{label}/rho", get("rho"), rho)
        check(f"{label}/u", get("u"), u)
    print(f"  {label}: {key} {tuple(shape)} L={L} d={d} ok")


for path in sys.argv[1:]:
    print(path)
    if path.endswith(".h5"):
        with h5py.File(path, "r") as f:
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
            attrs["__keys__"] = list(f.keys())
            check_group("/", lambda k: f[k][()], attrs, root=True)
            if "fluid" in f:
                g = f["fluid"]
                ga = dict(g.attrs.items())
                ga["__keys__"] = list(g.keys())
                check_group("/fluid", lambda k: g[k][()], ga, root=False)
    else:
        z = np.load(path)  # allow_pickle=False: Oracles writes no object arrays
        root = {k: z[k][()] for k in z.files if "/" not in k and z[k].ndim == 0}
        root = {k: (str(v) if isinstance(v, np.str_) else v) for k, v in root.items()}
        root["__keys__"] = z.files
        check_group("root", lambda k: z[k], root, root=True)
        if any(k.startswith("fluid/") for k in z.files):
            fa = {k[6:]: z[k][()] for k in z.files if k.startswith("fluid/") and z[k].ndim == 0}
            fa = {k: (str(v) if isinstance(v, np.str_) else v) for k, v in fa.items()}
            fa["__keys__"] = [k[6:] for k in z.files if k.startswith("fluid/")]
            check_group("fluid", lambda k: z["fluid/" + k], fa, root=False)
print("all files read by h5py/numpy and equal to the closed forms")
