# The elf kind: hostile mutations of a real bare-metal ELF and a real static glibc program.
"""Every ELF header, program header and section header field gets hostile values, every
structure boundary a truncation, and each base a batch of seeded random byte flips. Each
mutant runs as `run FILE`, as `run --kernel FILE` beside the default firmware and, when the
base is the glibc program, as `run --guest FILE` on starlet (its own loader).
"""

import os
import random
import struct

from runner import Attack

# What the kind needs in the build tree.
NEEDS = ["tests/isa/rv64i.elf", "guest-kernel/user/hello", "guest-kernel/starlet.elf",
         "guest-kernel/initramfs.cpio"]

# ELF64 offsets (System V gABI).
EHDR = {  # name: (offset, struct format)
    "ei_class": (4, "B"), "ei_data": (5, "B"), "ei_version": (6, "B"), "ei_osabi": (7, "B"),
    "e_type": (16, "<H"), "e_machine": (18, "<H"), "e_version": (20, "<I"),
    "e_entry": (24, "<Q"), "e_phoff": (32, "<Q"), "e_shoff": (40, "<Q"), "e_flags": (48, "<I"),
    "e_ehsize": (52, "<H"), "e_phentsize": (54, "<H"), "e_phnum": (56, "<H"),
    "e_shentsize": (58, "<H"), "e_shnum": (60, "<H"), "e_shstrndx": (62, "<H"),
}
PHDR = {"p_type": (0, "<I"), "p_flags": (4, "<I"), "p_offset": (8, "<Q"),
        "p_vaddr": (16, "<Q"), "p_paddr": (24, "<Q"), "p_filesz": (32, "<Q"),
        "p_memsz": (40, "<Q"), "p_align": (48, "<Q")}
SHDR = {"sh_name": (0, "<I"), "sh_type": (4, "<I"), "sh_flags": (8, "<Q"), "sh_addr": (16, "<Q"),
        "sh_offset": (24, "<Q"), "sh_size": (32, "<Q"), "sh_link": (40, "<I"),
        "sh_info": (44, "<I"), "sh_addralign": (48, "<Q"), "sh_entsize": (56, "<Q")}
PT_LOAD, SHT_SYMTAB, SHT_STRTAB = 1, 2, 3
TOP = 1 << 64
# Addresses a loader must not trust: the null page, the last pages (the ~0 marker bug), odd,
# each device of the virt map, the boot ROM, and the edges of RAM.
HOSTILE_ADDRESSES = {
    "zero": 0, "top-2": TOP - 2, "top-page": TOP - 0x1000, "top-1": TOP - 1,
    "bootrom": 0x1000, "test-dev": 0x100000, "clint": 0x2000000, "plic": 0xC000000,
    "uart": 0x10000000, "virtio": 0x10001000, "below-ram": 0x7FFFF000,
    "ram-end": 0x88000000, "ram-end-2": 0x87FFFFFE, "high": 0x8000000000000000,
}


class Elf:
    """A parsed ELF64 little-endian file: the header fields and the table positions."""

    def __init__(self, data):
        self.data = bytes(data)
        self.h = {k: struct.unpack_from(f, data, o)[0] for k, (o, f) in EHDR.items()}
        self.phdrs = [self._table(self.h["e_phoff"] + i * 56, PHDR)
                      for i in range(self.h["e_phnum"])]
        self.shdrs = [self._table(self.h["e_shoff"] + i * 64, SHDR)
                      for i in range(self.h["e_shnum"])]

    def _table(self, base, fields):
        entry = {k: struct.unpack_from(f, self.data, base + o)[0] for k, (o, f) in fields.items()}
        entry["_at"] = base
        return entry

    def put(self, data, at, fmt, value):
        struct.pack_into(fmt, data, at, value % (1 << (8 * struct.calcsize(fmt))))

    def with_header(self, field, value):
        data = bytearray(self.data)
        off, fmt = EHDR[field]
        self.put(data, off, fmt, value)
        return data

    def with_entry(self, table, index, field, value):
        data = bytearray(self.data)
        entry = (self.phdrs if table == "ph" else self.shdrs)[index]
        off, fmt = (PHDR if table == "ph" else SHDR)[field]
        self.put(data, entry["_at"] + off, fmt, value)
        return data

    def symbol_index(self, symtab, name):
        """Indexes of the symbols of section `symtab` called `name`."""
        s = self.shdrs[symtab]
        if s["sh_link"] >= len(self.shdrs):
            return []
        strtab = self.shdrs[s["sh_link"]]["sh_offset"]
        found = []
        for j in range(s["sh_size"] // 24):
            at = self.data.find(b"\0", strtab + struct.unpack_from("<I", self.data,
                                                                    s["sh_offset"] + j * 24)[0])
            start = strtab + struct.unpack_from("<I", self.data, s["sh_offset"] + j * 24)[0]
            if self.data[start:at] == name:
                found.append(j)
        return found

    def section(self, kind):
        return [i for i, s in enumerate(self.shdrs) if s["sh_type"] == kind]


def header_mutants(elf):
    size = len(elf.data)
    h = elf.h
    values = {
        "ei_class": [0, 1, 3, 0xFF], "ei_data": [0, 2, 3], "ei_version": [0, 2],
        "ei_osabi": [0x61, 0xFF], "e_type": [0, 1, 3, 4, 0xFE00, 0xFFFF],
        "e_machine": [0, 3, 62, 0xB7, 0xFFFF], "e_version": [0, 2, 0xFFFFFFFF],
        "e_entry": list(HOSTILE_ADDRESSES.values()) + [h["e_entry"] + 1, h["e_entry"] + 2],
        "e_phoff": [0, size, size - 1, size - 55, TOP - 1, TOP - 56, 1 << 63],
        "e_shoff": [0, size, size - 1, size - 63, TOP - 1, TOP - 64, 1 << 63],
        "e_flags": [0, 0xFFFFFFFF, 0x8], "e_ehsize": [0, 0xFFFF],
        "e_phentsize": [0, 32, 57, 0xFFFF], "e_phnum": [0, 0xFFFF, h["e_phnum"] + 1, 0x8000],
        "e_shentsize": [0, 1, 0xFFFF], "e_shnum": [0, 0xFFFF, h["e_shnum"] + 1],
        "e_shstrndx": [0, 0xFFFF, h["e_shnum"], h["e_shnum"] - 1],
    }
    for field, vals in values.items():
        for v in vals:
            yield f"{field}={v & (TOP - 1):#x}", elf.with_header(field, v)


def program_header_mutants(elf):
    size = len(elf.data)
    for i, ph in enumerate(elf.phdrs):
        fields = {
            "p_type": [0, 2, 3, 7, 0x7FFFFFFF] if ph["p_type"] == PT_LOAD else [PT_LOAD],
            "p_flags": [0, 0xFFFFFFFF],
            "p_offset": [size, size + 1, TOP - 1, TOP - 0x1000, 0x7FFFFFFFFFFFF000],
            "p_filesz": [size + 1, TOP - 1, ph["p_memsz"] + 1, 0],
            "p_memsz": [0, 1 << 30, 1 << 63, TOP - 1, max(ph["p_filesz"] - 1, 0)],
            "p_align": [0, 3, 1 << 63],
        }
        if ph["p_type"] == PT_LOAD:
            wrap = TOP - max(ph["p_memsz"] // 2, 1)
            addrs = list(HOSTILE_ADDRESSES.values()) + [wrap, ph["p_vaddr"] + 1]
            fields["p_vaddr"] = addrs
            fields["p_paddr"] = addrs
        for field, vals in fields.items():
            for v in vals:
                yield f"ph{i}.{field}={v & (TOP - 1):#x}", elf.with_entry("ph", i, field, v)
        # Both addresses wrapped together, with a big memsz: the end overflows 2^64.
        data = elf.with_entry("ph", i, "p_vaddr", TOP - 0x1000)
        off = ph["_at"]
        elf.put(data, off + 24, "<Q", TOP - 0x1000)
        elf.put(data, off + 40, "<Q", 0x10000)
        yield f"ph{i}.wrap-both", data


def section_mutants(elf):
    size = len(elf.data)
    shnum = len(elf.shdrs)
    picks = elf.section(SHT_SYMTAB) + elf.section(SHT_STRTAB)
    if shnum > 1:
        picks.append(1)
    for i in sorted(set(picks)):
        fields = {
            "sh_link": [0, shnum, 0xFFFF, i], "sh_offset": [size, TOP - 1, TOP - 0x100],
            "sh_size": [TOP - 1, size + 1, 1, 0], "sh_entsize": [0, 1, TOP - 1],
            "sh_name": [0xFFFFFFFF], "sh_type": [0, 0xFFFFFFFF, SHT_SYMTAB, SHT_STRTAB],
            "sh_info": [0xFFFFFFFF],
        }
        for field, vals in fields.items():
            for v in vals:
                yield f"sh{i}.{field}={v & (TOP - 1):#x}", elf.with_entry("sh", i, field, v)
    # Names without a terminator: every NUL of a string table replaced.
    for i in elf.section(SHT_STRTAB):
        s = elf.shdrs[i]
        data = bytearray(elf.data)
        lo, hi = s["sh_offset"], s["sh_offset"] + s["sh_size"]
        data[lo:hi] = bytes(b if b else 0x41 for b in data[lo:hi])
        yield f"sh{i}.unterminated", data
    # Symbols with hostile values and names: tohost (how a bare-metal run ends) and a spread
    # of others.
    for i in elf.section(SHT_SYMTAB):
        s = elf.shdrs[i]
        count = s["sh_size"] // 24
        chosen = set(range(1, count, max(1, count // 10))) | set(elf.symbol_index(i, b"tohost"))
        for j in sorted(chosen):
            at = s["sh_offset"] + j * 24
            for what, off, fmt, v in (("value", 8, "<Q", TOP - 4), ("value", 8, "<Q", 0x10000000),
                                      ("value", 8, "<Q", 0x80000001), ("name", 0, "<I", 0xFFFFFFF0),
                                      ("shndx", 6, "<H", 0xFFF0), ("size", 16, "<Q", TOP - 1)):
                data = bytearray(elf.data)
                elf.put(data, at, fmt, v)
                yield f"sym{j}.{what}={v:#x}", data


def truncations(elf):
    cuts = {0, 1, 4, 5, 16, 24, 63, 64, len(elf.data) - 1, len(elf.data) // 2}
    for ph in elf.phdrs:
        cuts |= {ph["_at"] + 28, ph["_at"] + 56, ph["p_offset"], ph["p_offset"] + 1,
                 ph["p_offset"] + ph["p_filesz"] - 1}
    shoff = elf.h["e_shoff"]
    cuts |= {shoff, shoff + 32, shoff + 64, shoff + 64 * len(elf.shdrs) - 1}
    for i in elf.section(SHT_SYMTAB) + elf.section(SHT_STRTAB):
        s = elf.shdrs[i]
        cuts |= {s["sh_offset"] + 1, s["sh_offset"] + s["sh_size"] - 1}
    for cut in sorted(c for c in cuts if 0 <= c < len(elf.data)):
        yield f"cut@{cut:#x}", bytearray(elf.data[:cut])


def random_flips(elf, rng, count):
    size = len(elf.data)
    structures = [(0, 64)] + [(p["_at"], 56) for p in elf.phdrs] + \
        [(s["_at"], 64) for s in elf.shdrs[:32]]
    for n in range(count):
        data = bytearray(elf.data)
        flips = rng.randint(1, 16)
        for _ in range(flips):
            if n % 2 == 0:  # half aim at the headers, half anywhere
                base, length = rng.choice(structures)
                at = base + rng.randrange(length)
            else:
                at = rng.randrange(size)
            data[at] = rng.randrange(256)
        yield f"flip{n:03d}", data


def mutants(elf, rng, flips):
    """(name, bytes, whether starlet's loader can see the difference) for every mutant."""
    for group, loader_sees in ((header_mutants(elf), True), (program_header_mutants(elf), True),
                               (section_mutants(elf), False), (truncations(elf), True),
                               (random_flips(elf, rng, flips), True)):
        for name, data in group:
            yield name, data, loader_sees


def safe(name):
    return "".join(c if c.isalnum() or c in "._=-@" else "_" for c in name)


def generate(ctx):
    bases = [("rv64i", os.path.join(ctx.build, "tests", "isa", "rv64i.elf"), False),
             ("hello", os.path.join(ctx.build, "guest-kernel", "user", "hello"), True)]
    directory = ctx.inputs_dir("elf")
    rng = random.Random(ctx.seed)
    attacks = []
    for base_name, path, glibc in bases:
        with open(path, "rb") as f:
            elf = Elf(f.read())
        every = 12 if ctx.quick else 1
        for n, (what, data, loader_sees) in enumerate(mutants(elf, rng, 12 if ctx.quick else 60)):
            if n % every:
                continue
            name = safe(f"{base_name}-{what}")
            file = os.path.join(directory, name)
            with open(file, "wb") as f:
                f.write(data)
            # A refusal names the file (and usually the field); the guest's loader only
            # answers inside the guest, so there rvscope itself must run and end.
            names = [[name]]
            attacks.append(Attack("elf", f"{name}.run", ["run", file, "--max-insns", "200000"],
                                  must_name=names, inputs=[file]))
            attacks.append(Attack("elf", f"{name}.kernel",
                                  ["run", "--kernel", file, "--max-insns", "2000000"],
                                  must_name=names, inputs=[file]))
            # starlet's exec reads the ELF and program headers only: a mutant of the section
            # headers or symbols is the same program to it.
            if glibc and loader_sees:
                attacks.append(Attack("elf", f"{name}.guest",
                                      ["run", "--max-insns", "60000000"] + ctx.starlet_args() +
                                      ["--guest", file], must_name=names, inputs=[file],
                                      guest_name=name))
    return attacks
