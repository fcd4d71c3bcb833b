#!/usr/bin/env python3
"""Marks a libstdc++ symbol-version requirement of a built shared library as weak, when the host lacks that version.

Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and records a requirement on
GLIBCXX_3.4.32. Debian 12 ships libstdc++ up to GLIBCXX_3.4.30, so the dynamic loader refuses the library and the first
torch call throws TypeInitializationException. The only symbol bound to GLIBCXX_3.4.32 is `_ZSt21ios_base_library_initv`,
a marker that GCC 13 emits so that a library pulls in the libstdc++ that initialises iostreams; it has no relocation and
is never called. Setting VER_FLG_WEAK on that one Vernaux entry tells ld.so "warn, do not fail" when the version is
missing (glibc's _dl_check_map_versions), and everything else the library needs is still checked strictly.

Safety rules this script enforces (it refuses and exits 1 otherwise):
  * the file is a well-formed little-endian ELF64 shared object; headers and the .gnu.version_r chain are parsed, not
    byte-searched, and every offset is bounds-checked;
  * only the Vernaux entry named VERSION under the libstdc++.so.6 Verneed entry is touched;
  * every dynamic symbol bound to that version (.gnu.version index == vna_other) must be in ALLOWED_SYMBOLS, and none
    of them may be the target of a relocation (so nothing can ever call through the missing version);
  * the host check: if the host libstdc++ already provides VERSION, nothing is changed;
  * the file is rewritten through a temporary file and an atomic rename, so a hard link into the NuGet cache is never
    modified in place; running it twice is a no-op (idempotent).

Usage: weaken-glibcxx-requirement.py LIBRARY [--version GLIBCXX_3.4.32] [--host-libstdcxx PATH] [--force]
"""
from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile

SHT_RELA = 4
SHT_REL = 9
SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
ET_DYN = 3
VER_FLG_WEAK = 0x2
ALLOWED_SYMBOLS = {"_ZSt21ios_base_library_initv"}
LIBSTDCXX = "libstdc++.so.6"
HOST_CANDIDATES = [
    "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
    "/usr/lib64/libstdc++.so.6",
    "/lib/x86_64-linux-gnu/libstdc++.so.6",
    "/usr/lib/libstdc++.so.6",
]


class ElfError(Exception):
    pass


class Elf:
    def __init__(self, path: str, data: bytearray):
        self.path = path
        self.data = data
        if len(data) < 64 or data[:4] != b"\x7fELF":
            raise ElfError("not an ELF file")
        if data[4] != 2 or data[5] != 1:
            raise ElfError("only little-endian ELF64 is supported")
        (e_type,) = self.unpack("<H", 16)
        if e_type != ET_DYN:
            raise ElfError(f"not a shared object (e_type={e_type})")
        (self.shoff,) = self.unpack("<Q", 0x28)
        self.shentsize, self.shnum, self.shstrndx = self.unpack("<HHH", 0x3A)
        if self.shentsize != 64 or self.shnum == 0:
            raise ElfError("unexpected section header table")
        self.sections = [self.section(i) for i in range(self.shnum)]

    def unpack(self, fmt: str, offset: int) -> tuple:
        size = struct.calcsize(fmt)
        if offset < 0 or offset + size > len(self.data):
            raise ElfError(f"offset {offset:#x} (+{size}) is outside the file ({len(self.data)} bytes)")
        return struct.unpack_from(fmt, self.data, offset)

    def section(self, index: int) -> dict:
        off = self.shoff + index * self.shentsize
        name, stype, _flags, _addr, offset, size, link, info, _align, entsize = self.unpack("<IIQQQQIIQQ", off)
        if stype != 8 and offset + size > len(self.data):  # 8 = SHT_NOBITS
            raise ElfError(f"section {index} extends past the end of the file")
        return {"index": index, "type": stype, "offset": offset, "size": size, "link": link, "info": info,
                "entsize": entsize}

    def only(self, stype: int) -> dict | None:
        found = [s for s in self.sections if s["type"] == stype]
        if len(found) > 1:
            raise ElfError(f"more than one section of type {stype:#x}")
        return found[0] if found else None

    def cstring(self, table: dict, offset: int) -> str:
        start = table["offset"] + offset
        end_limit = table["offset"] + table["size"]
        if offset >= table["size"]:
            raise ElfError(f"string offset {offset:#x} is outside its string table")
        end = self.data.find(b"\0", start, end_limit)
        if end < 0:
            raise ElfError("unterminated string in string table")
        return self.data[start:end].decode("ascii", errors="replace")


def find_vernaux(elf: Elf, version: str) -> tuple[int, int, int] | None:
    """Returns (offset of vna_flags, current flags, vna_other) of VERSION required from libstdc++, or None."""
    verneed = elf.only(SHT_GNU_VERNEED)
    if verneed is None:
        return None
    strtab = elf.sections[verneed["link"]]
    count = verneed["info"]  # number of Verneed entries
    entry = verneed["offset"]
    end = verneed["offset"] + verneed["size"]
    match = None
    for _ in range(count):
        if entry + 16 > end:
            raise ElfError("Verneed entry outside .gnu.version_r")
        vn_version, vn_cnt, vn_file, vn_aux, vn_next = elf.unpack("<HHIII", entry)
        if vn_version != 1:
            raise ElfError(f"unknown Verneed version {vn_version}")
        file_name = elf.cstring(strtab, vn_file)
        aux = entry + vn_aux
        for _ in range(vn_cnt):
            if aux + 16 > end:
                raise ElfError("Vernaux entry outside .gnu.version_r")
            _hash, flags, other, name, aux_next = elf.unpack("<IHHII", aux)
            if file_name == LIBSTDCXX and elf.cstring(strtab, name) == version:
                if match is not None:
                    raise ElfError(f"{version} is listed twice")
                match = (aux + 4, flags, other)
            if aux_next == 0:
                break
            aux += aux_next
        if vn_next == 0:
            break
        entry += vn_next
    return match


def symbols_bound_to(elf: Elf, version_index: int) -> list[tuple[int, str]]:
    dynsym = elf.only(SHT_DYNSYM)
    versym = elf.only(SHT_GNU_VERSYM)
    if dynsym is None or versym is None:
        raise ElfError("missing .dynsym or .gnu.version")
    strtab = elf.sections[dynsym["link"]]
    count = dynsym["size"] // 24
    if versym["size"] // 2 != count:
        raise ElfError(".gnu.version and .dynsym disagree on the symbol count")
    bound = []
    for i in range(count):
        (ver,) = elf.unpack("<H", versym["offset"] + 2 * i)
        if ver & 0x7FFF == version_index:
            (st_name,) = elf.unpack("<I", dynsym["offset"] + 24 * i)
            bound.append((i, elf.cstring(strtab, st_name)))
    return bound


def relocated_symbols(elf: Elf) -> set[int]:
    dynsym = elf.only(SHT_DYNSYM)
    indices = set()
    for s in elf.sections:
        if s["type"] not in (SHT_RELA, SHT_REL) or s["link"] != dynsym["index"]:
            continue
        entsize = 24 if s["type"] == SHT_RELA else 16
        for off in range(s["offset"], s["offset"] + s["size"], entsize):
            (_r_offset, r_info) = elf.unpack("<QQ", off)
            indices.add(r_info >> 32)
    return indices


def host_provides(version: str, host: str | None) -> tuple[bool, str]:
    candidates = [host] if host else HOST_CANDIDATES
    for path in candidates:
        if path and os.path.exists(path):
            with open(path, "rb") as f:
                return (version.encode() + b"\0") in f.read(), path
    if host is None:
        try:
            out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
            for line in out.splitlines():
                if LIBSTDCXX in line and "x86-64" in line and "=>" in line:
                    path = line.split("=>", 1)[1].strip()
                    with open(path, "rb") as f:
                        return (version.encode() + b"\0") in f.read(), path
        except OSError:
            pass
    return False, "(no libstdc++.so.6 found)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library")
    parser.add_argument("--version", default="GLIBCXX_3.4.32")
    parser.add_argument("--host-libstdcxx", default=None)
    parser.add_argument("--force", action="store_true", help="patch even if the host provides the version")
    args = parser.parse_args()
    name = os.path.basename(args.library)

    provided, host = host_provides(args.version, args.host_libstdcxx)
    if provided and not args.force:
        print(f"{name}: host {host} provides {args.version}; left unchanged")
        return 0

    with open(args.library, "rb") as f:
        data = bytearray(f.read())
    try:
        elf = Elf(args.library, data)
        found = find_vernaux(elf, args.version)
        if found is None:
            print(f"{name}: does not require {args.version}; left unchanged")
            return 0
        flags_offset, flags, version_index = found
        if flags & VER_FLG_WEAK:
            print(f"{name}: {args.version} is already weak; left unchanged")
            return 0
        bound = symbols_bound_to(elf, version_index)
        unexpected = [sym for _, sym in bound if sym not in ALLOWED_SYMBOLS]
        if unexpected:
            raise ElfError(f"{args.version} also binds {', '.join(unexpected[:5])}; refusing to weaken it")
        relocated = relocated_symbols(elf) & {i for i, _ in bound}
        if relocated:
            raise ElfError(f"a symbol bound to {args.version} is the target of a relocation; refusing to weaken it")
    except ElfError as e:
        print(f"error: {args.library}: {e}", file=sys.stderr)
        return 1

    struct.pack_into("<H", data, flags_offset, flags | VER_FLG_WEAK)
    directory = os.path.dirname(os.path.abspath(args.library))
    mode = os.stat(args.library).st_mode & 0o7777
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temp, mode)
        os.replace(temp, args.library)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    print(f"{name}: host {host} lacks {args.version}; marked that requirement weak "
          f"(only {', '.join(sym for _, sym in bound) or 'no symbol'} is bound to it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
