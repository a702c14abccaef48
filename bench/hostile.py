#!/usr/bin/env python3
"""Hostile-input bench: builds malformed or oversized inputs, runs the real dotnet-mcuboot process on each and checks
that every case ends in ONE coded error line (never MCUB9999, never an abort), with wall time and peak RSS measured by
GNU time. Usage: bench/hostile.py <path to dotnet-mcuboot> [case-name-filter]

Budget (issue 8): a few seconds and under 1 GiB RSS per case. Prints one line per case and a summary; exit 1 when a
case is out of budget or not coded.
"""
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile

TIME_BUDGET_S = 5.0
RSS_BUDGET_KB = 1024 * 1024
TIMEOUT_S = 30


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_int(v):
    n = (v.bit_length() + 8) // 8 if v >= 0 else (v.bit_length() + 8) // 8
    return der(0x02, v.to_bytes(max(1, n), "big", signed=True))


def der_oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(enc)
    return der(0x06, out)


def seq(*items):
    return der(0x30, b"".join(items))


def octets(b):
    return der(0x04, b)


def pem(label, body):
    import base64
    text = base64.encodebytes(body).decode().replace("\n", "")
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


PBES2 = "1.2.840.113549.1.5.13"
PBKDF2 = "1.2.840.113549.1.5.12"
SCRYPT = "1.3.6.1.4.1.11591.4.11"
AES256CBC = "2.16.840.1.101.3.4.1.42"
HMAC_SHA256 = "1.2.840.113549.2.9"


def encrypted_pkcs8(kdf):
    enc_scheme = seq(der_oid(AES256CBC), octets(b"\x01" * 16))
    alg = seq(der_oid(PBES2), seq(kdf, enc_scheme))
    return pem("ENCRYPTED PRIVATE KEY", seq(alg, octets(b"\x02" * 48)))


def pbkdf2(iterations):
    return seq(der_oid(PBKDF2), seq(octets(b"salt1234"), der_int(iterations), seq(der_oid(HMAC_SHA256), b"\x05\x00")))


def scrypt(n, r, p):
    return seq(der_oid(SCRYPT), seq(octets(b"salt1234"), der_int(n), der_int(r), der_int(p)))


def hex_record(rtype, addr, data):
    body = bytes([len(data), (addr >> 8) & 0xFF, addr & 0xFF, rtype]) + data
    return ":" + (body + bytes([(-sum(body)) & 0xFF])).hex().upper() + "\n"


def hex_file(chunks):
    out = ""
    for addr, data in chunks:
        out += hex_record(4, 0, struct.pack(">H", addr >> 16))
        out += hex_record(0, addr & 0xFFFF, data)
    return out + ":00000001FF\n"


def elf32(sections, programs, shstrndx=0, shnum=None, phoff_override=None):
    """ELF32 LE with the given raw section headers (tuples of 10 ints) and program headers (tuples of 8 ints)."""
    ehsize = 52
    phoff = ehsize
    shoff = phoff + 32 * len(programs)
    body = b"".join(struct.pack("<8I", *p) for p in programs) + b"".join(struct.pack("<10I", *s) for s in sections)
    header = b"\x7fELF" + bytes([1, 1, 1]) + b"\x00" * 9
    header += struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, 0, phoff_override if phoff_override is not None else (phoff if programs else 0),
                          shoff if sections else 0, 0, ehsize, 32, len(programs), 40,
                          len(sections) if shnum is None else shnum, shstrndx)
    return header + body


def write(path, data):
    mode = "w" if isinstance(data, str) else "wb"
    with open(path, mode) as f:
        f.write(data)
    return path


def build_cases(d):
    """(name, argv, env) for every hostile case; files are created in d."""
    cases = []
    env_pw = {"MCUBOOT_TEST_PW": "pw"}

    def key_case(name, text):
        p = write(os.path.join(d, name + ".pem"), text)
        cases.append((name, ["getpub", "-k", p, "--password-env", "MCUBOOT_TEST_PW"], env_pw))

    # --- key derivation parameters ---
    key_case("pkcs8-pbkdf2-2^31-1-iterations", encrypted_pkcs8(pbkdf2(2**31 - 1)))
    key_case("pkcs8-pbkdf2-zero-iterations", encrypted_pkcs8(pbkdf2(0)))
    key_case("pkcs8-pbkdf2-negative-iterations", encrypted_pkcs8(pbkdf2(-5)))
    key_case("pkcs8-pbkdf2-2^40-iterations", encrypted_pkcs8(pbkdf2(2**40)))
    key_case("pkcs8-scrypt-N-2^30", encrypted_pkcs8(scrypt(2**30, 8, 1)))
    key_case("pkcs8-scrypt-N-not-power-of-2", encrypted_pkcs8(scrypt(1000, 8, 1)))
    key_case("pkcs8-scrypt-r-2^20", encrypted_pkcs8(scrypt(16384, 2**20, 1)))
    key_case("pkcs8-scrypt-p-2^24", encrypted_pkcs8(scrypt(16384, 8, 2**24)))
    key_case("pkcs8-scrypt-zero", encrypted_pkcs8(scrypt(0, 0, 0)))
    # at the limits: the derivation runs, then the (made-up) ciphertext does not decrypt: MCUB2005
    key_case("pkcs8-pbkdf2-at-limit-2M", encrypted_pkcs8(pbkdf2(2_000_000)))
    key_case("pkcs8-pbkdf2-over-limit-2M+1", encrypted_pkcs8(pbkdf2(2_000_001)))
    key_case("pkcs8-scrypt-at-memory-limit-N2^17-r8-p1", encrypted_pkcs8(scrypt(2**17, 8, 1)))
    key_case("pkcs8-scrypt-at-work-limit-N2^17-r8-p2", encrypted_pkcs8(scrypt(2**17, 8, 2)))
    key_case("pkcs8-scrypt-over-work-limit-N2^17-r8-p3", encrypted_pkcs8(scrypt(2**17, 8, 3)))

    # --- RSA private key with an unexpected inner version ---
    rsa = os.path.join(d, "rsa.pem")
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", rsa, "2048"], check=True, capture_output=True)
    import base64
    raw = base64.b64decode("".join(l for l in open(rsa).read().splitlines() if not l.startswith("-----")))
    # RSAPrivateKey SEQUENCE { version INTEGER 0, ... }: the version byte follows the 4-byte sequence header.
    assert raw[4:7] == b"\x02\x01\x00"
    for v, label in ((1, "1-multiprime"), (5, "5"), (0xFF, "minus-1")):
        key_case(f"rsa-inner-version-{label}", pem("RSA PRIVATE KEY", raw[:6] + bytes([v]) + raw[7:]))
    # the same RSAPrivateKey wrapped in PKCS#8
    inner = raw[:6] + b"\x05" + raw[7:]
    key_case("rsa-pkcs8-inner-version-5", pem("PRIVATE KEY", seq(der_int(0), seq(der_oid("1.2.840.113549.1.1.1"), b"\x05\x00"), octets(inner))))

    # --- HEX files whose gaps flatten to 2 GiB ---
    gap = write(os.path.join(d, "gap-2g.hex"), hex_file([(0x0, b"\x00" * 16), (0x7FFFFF00, b"\x01" * 16)]))
    gap4 = write(os.path.join(d, "gap-4g.hex"), hex_file([(0x0, b"\x00" * 16), (0xFFFFFF00, b"\x01" * 16)]))
    cases.append(("hex-2GiB-gap sign -S 0x80000", ["sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x80000", gap, os.path.join(d, "o1.bin")], {}))
    cases.append(("hex-2GiB-gap sign -S 0", ["sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0", gap, os.path.join(d, "o2.bin")], {}))
    cases.append(("hex-4GiB-gap sign", ["sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0", gap4, os.path.join(d, "o3.bin")], {}))
    cases.append(("hex-2GiB-gap dumpinfo", ["dumpinfo", gap], {}))
    cases.append(("hex-2GiB-gap verify", ["verify", gap], {}))
    cases.append(("hex-2GiB-gap check", ["check", gap], {}))
    cases.append(("hex-2GiB-gap check --bootloader", ["check", gap, "--bootloader", gap], {}))

    # --- declared 2 GiB decompressed size ---
    fw = write(os.path.join(d, "fw.bin"), bytes(range(256)) * 64)
    comp = os.path.join(d, "comp.bin")
    subprocess.run([TOOL, "sign", "-H", "0x200", "--pad-header", "-S", "0x80000", "--compression", "lzma2", "-v", "1.0.0", fw, comp], check=True, capture_output=True)
    img = bytearray(open(comp, "rb").read())
    hdr = struct.unpack_from("<IIHHII", img, 0)
    hsize, psize, isize = hdr[2], hdr[3], hdr[4]
    at = hsize + isize + 4
    end = hsize + isize + psize
    patched = False
    while at < end:
        t, ln = struct.unpack_from("<HH", img, at)
        if t == 0x70 and ln == 4:  # DECOMP_SIZE
            struct.pack_into("<I", img, at + 4, 0x7FFFFFF0)
            patched = True
        at += 4 + ln
    assert patched
    bomb = write(os.path.join(d, "decomp-2g.bin"), bytes(img))
    signed = os.path.join(d, "signed.bin")
    subprocess.run([TOOL, "sign", "-H", "0x200", "--pad-header", "-S", "0x80000", "-v", "1.0.0", fw, signed], check=True, capture_output=True)
    cases.append(("decompress declared 2 GiB", ["decompress", bomb, os.path.join(d, "o4.bin")], {}))
    cases.append(("verify declared 2 GiB", ["verify", bomb], {}))
    cases.append(("check declared 2 GiB", ["check", bomb], {}))

    # --- YAML: deep nesting, aliases as keys, alias expansion ---
    def layout_case(name, text):
        p = write(os.path.join(d, name + ".yml"), text)
        cases.append((name + " layout show", ["layout", "show", p], {}))
        cases.append((name + " sign --layout", ["sign", "-v", "1.0.0", "--layout", p, fw, os.path.join(d, "o5.bin")], {}))

    layout_case("yaml-deep-flow-100k", "a: " + "[" * 100000 + "]" * 100000 + "\n")
    layout_case("yaml-deep-block-5k", "".join(" " * i + f"k{i}:\n" for i in range(5000)))
    bomb_keys = "a0: &a0 {x: 1}\n" + "".join(
        f"a{i}: &a{i} {{" + ", ".join(f"[*a{i-1}, {j}]: {j}" for j in range(10)) + "}\n" for i in range(1, 11))
    layout_case("yaml-alias-keys-11-levels", bomb_keys)
    laughs = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i-1}"] * 10) + "]\n" for i in range(1, 10))
    layout_case("yaml-billion-laughs", laughs)

    # --- ELF: negative indexes, section/segment loop ---
    def elf_case(name, data):
        p = write(os.path.join(d, name + ".elf"), data)
        cases.append((name + " check", ["check", p], {}))
        cases.append((name + " check --bootloader", ["check", signed, "--bootloader", p], {}))

    # extended numbering: e_shstrndx = SHN_XINDEX, the real index in section 0's sh_link = 0xffffffff
    elf_case("elf-negative-shstrndx", elf32([(0, 0, 0, 0, 0, 2, 0xFFFFFFFF, 0, 0, 0), (1, 3, 0, 0, 0, 0, 0, 0, 1, 0)], [], shstrndx=0xFFFF))
    elf_case("elf-section-name-2^32-1", elf32([(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), (0xFFFFFFFF, 1, 2, 0, 0, 4, 0, 0, 1, 0), (1, 3, 0, 0, 0, 0, 0, 0, 1, 0)], [], shstrndx=2))
    elf_case("elf-offset-wraps", elf32([(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), (0, 1, 2, 0, 0xFFFFFFF0, 0x20, 0, 0, 1, 0)], []))
    # 2 MB: 26 000 PROGBITS sections and 32 000 PT_LOAD segments, none containing another (each section x each segment)
    nsec, nseg = 26000, 32000
    progs = [(1, 0x10 + i, 0x1000 + i, 0x1000 + i, 1, 1, 5, 4) for i in range(nseg)]
    secs = [(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)] + [(0, 1, 2, 0x2000 + i, 0x20000 + (i % 4096), 1, 0, 0, 1, 0) for i in range(nsec)]
    elf_case("elf-section-segment-loop-2MB", elf32(secs, progs))

    # --- bootloader key scanner: 4 MB of distinct Ed25519 SPKI keys and P-256 prefixes ---
    ed_prefix = bytes.fromhex("302a300506032b6570032100")
    ed = b"".join(ed_prefix + i.to_bytes(4, "little") * 8 for i in range((4 << 20) // 44))
    write(os.path.join(d, "keys-ed25519-4MB.bin"), ed)
    cases.append(("scanner 4 MB of distinct Ed25519 keys", ["check", signed, "--bootloader", os.path.join(d, "keys-ed25519-4MB.bin")], {}))
    p256_prefix = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d03010703420004")
    p = b"".join(p256_prefix + i.to_bytes(4, "little") * 16 for i in range((4 << 20) // 91))
    write(os.path.join(d, "keys-p256-4MB.bin"), p)
    cases.append(("scanner 4 MB of P-256 prefixes", ["check", signed, "--bootloader", os.path.join(d, "keys-p256-4MB.bin")], {}))
    overlap = (b"\x30\x82\x01\x0a\x02\x82\x01\x01\x00" * ((4 << 20) // 9))
    write(os.path.join(d, "keys-rsa-prefix-4MB.bin"), overlap)
    cases.append(("scanner 4 MB of RSA prefixes", ["check", signed, "--bootloader", os.path.join(d, "keys-rsa-prefix-4MB.bin")], {}))

    # --- out of memory: a legitimate 48 MiB sign under a 32 MiB GC heap limit ---
    big = write(os.path.join(d, "fw-48m.bin"), os.urandom(48 << 20))
    cases.append(("out of memory (GC heap limit 64 MiB)", ["sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0", big, os.path.join(d, "o6.bin")],
                  {"DOTNET_GCHeapHardLimit": "0x4000000"}))
    return cases


def run(cases, filt):
    results = []
    for name, argv, env in cases:
        if filt and filt not in name:
            continue
        e = dict(os.environ)
        e.update(env)
        timing = os.path.join(WORK, "time.txt")
        try:
            p = subprocess.Popen(["/usr/bin/time", "-f", "%e %M", "-o", timing, TOOL] + argv, env=e, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, start_new_session=True)
            try:
                out, err = p.communicate(timeout=TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)  # the tool runs under GNU time: end the whole group
                p.communicate()
                raise
            rc = p.returncode
            secs, rss = open(timing).read().split()[-2:]
            secs, rss = float(secs), int(rss)
        except subprocess.TimeoutExpired:
            rc, err, out, secs, rss = -1, f"timeout after {TIMEOUT_S} s", "", float(TIMEOUT_S), 0
        lines = [l for l in err.splitlines() if l.strip()]
        errors = [l for l in lines if re.match(r"^error MCUB\d{4}: ", l)]
        reports = argv[0] == "check" or argv[:2] == ["layout", "show"]
        if reports and not errors:
            # check and layout show report their findings on standard output (one coded line each)
            errors = [l.strip() for l in out.splitlines() if re.search(r"MCUB\d{4}", l)]
            lines = errors
        code = re.search(r"MCUB\d{4}", errors[0]).group(0) if errors else "-"
        single = len(errors) >= 1 if reports else len(errors) == 1
        ok = (rc not in (0, 134, -1) and single and not any("MCUB9999" in l for l in errors) and code != "MCUB9999"
              and secs <= TIME_BUDGET_S and rss <= RSS_BUDGET_KB)
        results.append((name, ok, rc, code, secs, rss, lines[0][:150] if lines else ""))
        print(f"{'ok  ' if ok else 'FAIL'} {name:<48} exit {rc:>3} {code:<8} {secs:6.2f} s {rss / 1024:7.1f} MB  {lines[0][:110] if lines else ''}", flush=True)
    return results


if __name__ == "__main__":
    TOOL = os.path.abspath(sys.argv[1])
    filt = sys.argv[2] if len(sys.argv) > 2 else None
    with tempfile.TemporaryDirectory(prefix="mcuboot-hostile.") as WORK:
        results = run(build_cases(WORK), filt)
    bad = [r for r in results if not r[1]]
    slowest = max(results, key=lambda r: r[4])
    largest = max(results, key=lambda r: r[5])
    print(f"\n{len(results)} cases, {len(results) - len(bad)} coded within budget, {len(bad)} not")
    print(f"slowest: {slowest[0]} {slowest[4]:.2f} s; largest RSS: {largest[0]} {largest[5] / 1024:.1f} MB")
    sys.exit(1 if bad else 0)
