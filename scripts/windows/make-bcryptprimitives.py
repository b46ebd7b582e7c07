#!/usr/bin/env python3
"""Writes a tiny bcryptprimitives.dll for the Wine prefix.

esbuild's Windows binary is built with Go >= 1.24, whose runtime refuses to start without
bcryptprimitives.dll!ProcessPrng ("fatal error: bcryptprimitives.dll not found"). Wine 8.0 has
no such DLL. This one holds no code at all: its only export is a forwarder to
advapi32!SystemFunction036 (RtlGenRandom), which fills a buffer with random bytes and has a
compatible calling shape (buffer, length) -> non-zero on success.

Usage: make-bcryptprimitives.py OUTPUT.dll
"""
import struct
import sys

FILE_ALIGN = 0x200
SECT_RVA = 0x1000
SECT_ALIGN = 0x1000


def build() -> bytes:
    # Export data, laid out from the start of the section (RVA 0x1000).
    dll_name = b"bcryptprimitives.dll\0"
    fn_name = b"ProcessPrng\0"
    forward = b"advapi32.SystemFunction036\0"
    dir_size = 40
    eat = SECT_RVA + dir_size            # 1 x u32: the forwarder string's RVA
    names = eat + 4                       # 1 x u32: RVA of "ProcessPrng"
    ordinals = names + 4                  # 1 x u16: 0
    s_dll = ordinals + 4                  # keep 4-byte alignment after the u16
    s_fn = s_dll + len(dll_name)
    s_fwd = s_fn + len(fn_name)
    end = s_fwd + len(forward)

    edata = struct.pack("<IIHHIIIIIII", 0, 0, 0, 0, s_dll, 1, 1, 1, eat, names, ordinals)
    edata += struct.pack("<I", s_fwd) + struct.pack("<I", s_fn) + struct.pack("<HH", 0, 0)
    edata += dll_name + fn_name + forward
    assert len(edata) == end - SECT_RVA
    export_size = len(edata)              # the forwarder lies inside the export range
    raw = edata + b"\0" * (-len(edata) % FILE_ALIGN)

    dos = bytearray(64)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 64)

    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240,
                       0x0002 | 0x0020 | 0x2000)  # executable image, large address aware, DLL

    size_of_image = SECT_RVA + ((len(edata) + SECT_ALIGN - 1) // SECT_ALIGN) * SECT_ALIGN
    opt = struct.pack("<HBBIIIII", 0x20B, 14, 0, 0, len(raw), 0, 0, SECT_RVA)
    opt += struct.pack("<QIIHHHHHHIIIIHHQQQQII",
                       0x180000000, SECT_ALIGN, FILE_ALIGN,
                       6, 0, 0, 0, 6, 0, 0,
                       size_of_image, FILE_ALIGN, 0,
                       3, 0x0100,  # console subsystem; NX compatible (no code, no relocations)
                       0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    dirs = [(0, 0)] * 16
    dirs[0] = (SECT_RVA, export_size)
    opt += b"".join(struct.pack("<II", a, s) for a, s in dirs)
    assert len(opt) == 240

    section = struct.pack("<8sIIIIIIHHI", b".edata", len(edata), SECT_RVA, len(raw), FILE_ALIGN,
                          0, 0, 0, 0, 0x40000040)  # initialized data, readable

    headers = bytes(dos) + b"PE\0\0" + coff + opt + section
    headers += b"\0" * (FILE_ALIGN - len(headers))
    return headers + raw


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], "wb") as f:
        f.write(build())
