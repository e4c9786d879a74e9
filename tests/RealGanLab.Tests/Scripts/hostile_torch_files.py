#!/usr/bin/env python3
"""Writes torch.save-format files that are damaged or hostile, one per case, for InitFromCliTests: each must be
refused by `realganlab probe NEW --init-from FILE` with exit 2, the cause named and nothing written.

    python3 hostile_torch_files.py OUT_FOLDER      # writes OUT_FOLDER/<case>.pt

The files follow torch/serialization.py's zip layout (archive/data.pkl, archive/data/<key>, archive/byteorder); the
pickles are made with a Pickler whose persistent ids are torch's ('storage', FloatStorage, key, 'cpu', numel) and
whose tensors reduce to torch._utils._rebuild_tensor_v2, so their metadata can say what an honest file never would.
"""
import collections
import io
import os
import pickle
import struct
import sys
import zipfile

import torch
import torch._utils
from torch import nn


class Storage:
    def __init__(self, key, numel, kind=torch.FloatStorage):
        self.key, self.numel, self.kind = key, numel, kind


class Tensor:
    def __init__(self, storage, offset, shape, stride):
        self.args = (storage, offset, tuple(shape), tuple(stride), False, collections.OrderedDict())

    def __reduce__(self):
        return torch._utils._rebuild_tensor_v2, self.args


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("storage", obj.kind, obj.key, "cpu", obj.numel) if isinstance(obj, Storage) else None


def floats(n):
    return struct.pack(f"<{n}f", *([1.0] * n))


def write(path, obj=None, entries=None, pickled=None, compression=zipfile.ZIP_STORED):
    if pickled is None:
        buffer = io.BytesIO()
        Pickler(buffer, protocol=2).dump(obj)
        pickled = buffer.getvalue()
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("archive/data.pkl", pickled)
        archive.writestr("archive/byteorder", "little")
        for key, data in (entries or {}).items():
            archive.writestr("archive/data/" + key, data)


def main(out):
    os.makedirs(out, exist_ok=True)
    path = lambda name: os.path.join(out, name + ".pt")
    itself = {}
    itself["x"] = itself
    write(path("recursive"), itself)
    deep = leaf = {}
    for _ in range(100):
        leaf["d"] = {}
        leaf = leaf["d"]
    write(path("deep"), deep)
    write(path("negative-count"), {"w": Tensor(Storage("0", -(1 << 62)), 0, [0], [1])}, {"0": b""})
    write(path("huge-count"), {"w": Tensor(Storage("0", 1 << 62), 0, [0], [1])}, {"0": b""})
    write(path("overflowing-shape"), {"w": Tensor(Storage("0", 4), 0, [(1 << 62) + 1], [4])}, {"0": floats(4)})
    write(path("zero-stride"), {"w": Tensor(Storage("0", 1), 0, [1 << 40], [0])}, {"0": floats(1)})
    write(path("rank-mismatch"), {"w": Tensor(Storage("0", 4), 0, [2, 2], [2])}, {"0": floats(4)})
    write(path("shared-storage"), {"a": Tensor(Storage("0", 1), 0, [1], [1]), "b": Tensor(Storage("0", 1000), 0, [1000], [1])}, {"0": floats(1)})
    shared = Storage("0", 2)
    write(path("duplicate-name"), {"a.b": Tensor(shared, 0, [1], [1]), "a": {"b": Tensor(shared, 1, [1], [1])}}, {"0": floats(2)})
    # A string that claims 2 GiB in a pickle of a few bytes.
    write(path("long-string"), pickled=b"\x80\x02X\xff\xff\xff\x7fabc")
    # An honest 300 MB storage of zeros, deflated to a small file: above what --init-from reads.
    count = 75_000_000
    write(path("too-large"), {"w": Tensor(Storage("0", count), 0, [count], [1])}, {"0": bytes(4 * count)}, compression=zipfile.ZIP_DEFLATED)
    torch.save(nn.Sequential(nn.Linear(2, 2)), path("whole-module"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: hostile_torch_files.py OUT_FOLDER", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
