#!/usr/bin/env python3
"""One workflow picture checked as an image: `docket graph --format svg` of the complaint workflow.

What it proves, and what it does not:
  1. The SVG holds every Chinese label of the workflow as <text>, in the font family docket asks for
     ("Noto Sans CJK SC"), so the text is real text (searchable, selectable), not paths.
  2. On this machine that family resolves (fontconfig) to a Noto CJK font file that covers every CJK
     code point in the SVG, so a renderer using fontconfig draws real glyphs, not empty boxes.
  3. Rendered to PNG (rsvg-convert, librsvg), the picture is not trivial (enough ink, several colours),
     and every CJK label puts ink on the page where its <text> element stands: compared with a
     rendering of the same SVG with the CJK characters removed, pixels change inside each label's box.
It does not judge the layout's looks (a person does, with the PNG kept in the build folder).
Usage: svg_image_test.py DOCKET REPO OUTDIR
"""
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

SVG_NS = "{http://www.w3.org/2000/svg}"
LABELS = ["投诉处理流程", "受理", "转办", "办理", "待客户补充材料", "答复客户", "回访", "重新办理"]
FAMILY = "Noto Sans CJK SC"
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)
    return ok


def is_cjk(ch):
    return 0x2E80 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF


def read_png(path):
    """(width, height, rows of RGBA bytes) of an 8-bit RGBA or RGB, non-interlaced PNG (what rsvg-convert writes)."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, f"unexpected PNG format {depth}/{colour}/{interlace}"
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if channels == 4 else bytes(v for px in zip(line[0::3], line[1::3], line[2::3], [255] * width) for v in px))
        prev = line
    return width, height, rows


def main():
    docket, repo, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    svg_path = out / "complaint.svg"
    run = subprocess.run([docket, "graph", "--config", str(repo / "examples/95598/docket.toml"), "--workflow", "complaint",
                          "--format", "svg"], capture_output=True)
    if not check(run.returncode == 0, f"docket graph --format svg exits 0 ({run.stderr.decode()[:300]})"):
        return
    svg_text = run.stdout.decode()
    svg_path.write_text(svg_text)

    # 1. The labels are <text> in the requested family.
    root = ET.fromstring(svg_text)
    texts = [t for t in root.iter(SVG_NS + "text")]
    joined = [("".join(t.itertext()), t) for t in texts]
    for label in LABELS:
        check(any(label == s or label in s for s, _ in joined), f"the SVG has a <text> with {label}")
    families = {t.get("font-family") for t in texts}
    check(families == {FAMILY}, f"every <text> asks for {FAMILY} (found {sorted(f for f in families if f)})")

    # 2. The family resolves to a Noto CJK font that covers every CJK code point used.
    match = subprocess.run(["fc-match", "-f", "%{family}|%{file}", FAMILY], capture_output=True, text=True).stdout
    check("NotoSansCJK" in match or "NotoSerifCJK" in match, f"fontconfig resolves {FAMILY} to a Noto CJK file ({match})")
    cjk = sorted({ch for s, _ in joined for ch in s if is_cjk(ch)})
    charset = " ".join(f"{ord(ch):x}" for ch in cjk)
    covering = subprocess.run(["fc-list", f"{FAMILY}:charset={charset}", "family"], capture_output=True, text=True).stdout
    check(FAMILY in covering, f"{FAMILY} covers all {len(cjk)} CJK characters of the picture")

    # 3. Rendered, with and without the CJK characters.
    no_cjk = re.sub(r">([^<]*)</text>", lambda m: ">" + "".join(c for c in m.group(1) if not is_cjk(c)) + "</text>", svg_text)
    (out / "complaint_no_cjk.svg").write_text(no_cjk)
    for src, png in (("complaint.svg", "complaint.png"), ("complaint_no_cjk.svg", "complaint_no_cjk.png")):
        r = subprocess.run(["rsvg-convert", "--background-color=white", "-o", str(out / png), str(out / src)], capture_output=True)
        if not check(r.returncode == 0, f"rsvg-convert {src} ({r.stderr.decode()[:200]})"):
            return
    w, h, full = read_png(out / "complaint.png")
    w2, h2, bare = read_png(out / "complaint_no_cjk.png")
    check((w, h) == (w2, h2), f"both renderings are {w}x{h}")
    check(w > 300 and h > 300, f"the picture is not tiny ({w}x{h})")
    ink = sum(1 for row in full for i in range(0, len(row), 4) if sum(row[i:i + 3]) < 600)
    colours = {row[i:i + 3] for row in full[::4] for i in range(0, len(row), 16)}
    check(ink > 0.02 * w * h, f"the picture has ink ({ink} dark pixels, {100 * ink / (w * h):.1f}%)")
    check(len(colours) >= 8, f"the picture has colours ({len(colours)} distinct in a sample)")

    # Where each CJK label stands in pixels: Graphviz's <g transform="... translate(tx ty)"> and the viewBox.
    vb = [float(v) for v in root.get("viewBox").split()]
    sx, sy = w / vb[2], h / vb[3]
    graph = root.find(SVG_NS + "g")
    tx, ty = (float(v) for v in re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", graph.get("transform")).groups())
    for s, t in joined:
        chars = [c for c in s if is_cjk(c)]
        if not chars:
            continue
        size = float(t.get("font-size", "14"))
        x, y = float(t.get("x")) + tx, float(t.get("y")) + ty
        width_pt = size * len(s)  # generous: a CJK glyph is about one em wide
        left = x - width_pt / 2 if t.get("text-anchor") == "middle" else x - width_pt if t.get("text-anchor") == "end" else x
        box = (int(left * sx), int((y - size) * sy), int((left + width_pt) * sx) + 1, int((y + size * 0.3) * sy) + 1)
        changed = 0
        for py in range(max(box[1], 0), min(box[3], h)):
            a, b = full[py], bare[py]
            for px in range(max(box[0], 0), min(box[2], w)):
                if a[4 * px:4 * px + 3] != b[4 * px:4 * px + 3]:
                    changed += 1
        check(changed >= 15 * len(chars), f"“{s}” draws ink in its box ({changed} pixels change without its CJK characters)")
    print(f"PNG: {out / 'complaint.png'}")


main()
print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
