#!/usr/bin/env python3
"""Writes the crafted safetensors and IDX files the hostile-input tests feed to gmm's readers.

Run from the repository root: python3 Tests/NNTests/Fixtures/make_hostile.py
Every file is malformed or lies about its size; each test expects a clean error for every one of them.
"""
import gzip, json, os, struct, zlib

ST = "Tests/NNTests/Fixtures/hostile-safetensors"
IDX = "Tests/DataTests/Fixtures/hostile-idx"


def safetensors(name, header, data=b"", length=None):
    text = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    n = len(text) if length is None else length
    with open(os.path.join(ST, name + ".safetensors"), "wb") as f:
        f.write(struct.pack("<Q", n) + text + data)


def entry(shape, offsets, dtype="F32"):
    return {"dtype": dtype, "shape": shape, "data_offsets": offsets}


def write_safetensors():
    safetensors("overflowing_shape", {"x": entry([4611686018427387905, 4], [0, 16])}, bytes(16))
    safetensors("zero_dim_with_huge_others", {"x": entry([0, 2**62, 4], [0, 0])})
    safetensors("zero_dim_with_overflowing_others", {"x": entry([0, 2**40, 2**40], [0, 0])})
    safetensors("byte_count_overflows", {"x": entry([2**30, 2**30, 2], [0, 16], "F64")}, bytes(16))
    safetensors("negative_dimension", {"x": entry([-1, 4], [0, 16])}, bytes(16))
    safetensors("float_dimension", {"x": entry([1e300], [0, 16])}, bytes(16))
    safetensors("offsets_disagree_with_shape", {"x": entry([2, 2], [0, 8])}, bytes(8))
    safetensors("offsets_past_end", {"x": entry([2**20, 2**20], [0, 2**42])})
    safetensors("truncated_data", {"x": entry([4], [0, 16])}, bytes(8))
    safetensors("overlapping_tensors", {"a": entry([4], [0, 16]), "b": entry([4], [8, 24])}, bytes(24))
    safetensors("header_length_lies", {"x": entry([1], [0, 4])}, bytes(4), length=1000)
    safetensors("header_length_huge", {"x": entry([1], [0, 4])}, bytes(4), length=2**63 + 5)
    safetensors("header_not_json", b"{\"x\": {\"dtype\": \"F32\", ")
    safetensors("header_nested_deep", b"[" * 5000 + b"]" * 5000)
    safetensors("unknown_dtype", {"x": entry([1], [0, 4], "F8")}, bytes(4))
    with open(os.path.join(ST, "shorter_than_prefix.safetensors"), "wb") as f:
        f.write(b"\x10\x00\x00")


def idx_header(magic, dims):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims)


def idx(name, data, gz=False):
    path = os.path.join(IDX, name + (".gz" if gz else ""))
    with open(path, "wb") as f:
        f.write(gzip.compress(data, mtime=0) if gz else data)


def write_idx():
    images, labels = 0x803, 0x801
    # 20 MB of zeros behind a header promising one 28x28 image: about 20 kB compressed.
    idx("images_gzip_bomb", idx_header(images, [1, 28, 28]) + bytes(20 << 20), gz=True)
    # A header promising 2^32-1 labels, then a few: the claim alone must be refused before inflating.
    idx("labels_header_claims_4gb", idx_header(labels, [2**32 - 1]) + bytes(10), gz=True)
    idx("images_header_claims_too_much", idx_header(images, [60000, 65536, 65536]) + bytes(100), gz=True)
    idx("images_dimensions_overflow", idx_header(images, [2**32 - 1] * 3) + bytes(16))
    idx("images_zero_count_huge_images", idx_header(images, [0, 2**31, 2**31]))
    idx("images_truncated_data", idx_header(images, [10, 28, 28]) + bytes(100))
    idx("images_extra_data", idx_header(images, [1, 2, 2]) + bytes(5))
    idx("images_bad_magic", idx_header(0x0D03, [1, 2, 2]) + bytes(4))
    idx("images_header_cut", idx_header(images, [1])[:6])
    whole = gzip.compress(idx_header(images, [1, 28, 28]) + bytes(784), mtime=0)
    idx("images_gzip_cut_short", whole[: len(whole) // 2])
    # Two gzip members: a valid file followed by a second member that keeps inflating past the header's promise.
    with open(os.path.join(IDX, "images_gzip_second_member_bomb.gz"), "wb") as f:
        f.write(whole + gzip.compress(bytes(8 << 20), mtime=0))
    corrupt = bytearray(whole)
    corrupt[20] ^= 0xFF
    idx("images_gzip_corrupt", bytes(corrupt))


if __name__ == "__main__":
    os.makedirs(ST, exist_ok=True)
    os.makedirs(IDX, exist_ok=True)
    write_safetensors()
    write_idx()
