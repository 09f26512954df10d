#!/usr/bin/env python3
"""Whether Chinese text in a PDF is really drawn with a CJK font.

    pdf-cjk.py PDF TEXT...

Exits 0 when every character of each TEXT that is not ASCII is drawn at
least once in PDF by a glyph of an embedded font whose descriptor names a
CJK family (Noto Sans CJK SC...); otherwise prints the characters that are
not and exits 1.

pdftotext alone does not prove it: a browser without a CJK font draws
every Chinese character as the same empty box and still records the text
it stands for, so the text reads back while the page shows boxes.  Here
the text shown is followed through the page's content: the font chosen
(`/F1 12 Tf`), the codes drawn (`<..> Tj`, `[..] TJ`), what each code is in
that font's ToUnicode map, or the span's ActualText (Chromium's Skia writes
both), and the family of that font.  The PDF is Chromium's: objects not in
object streams, streams Flate-compressed or plain.
"""
import re
import sys
import zlib


def read_objects(data):
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(rb'(?s)(\d+) 0 obj\s*(.*?)endobj', data)}


def stream(body):
    m = re.search(rb'(?s)stream\r?\n(.*)endstream', body)
    if not m:
        return b''
    raw = m.group(1)
    return zlib.decompressobj().decompress(raw) if b'/FlateDecode' in body else raw


def ref(objs, body, key):
    m = re.search(rb'/' + key + rb'\s+(\d+) 0 R', body)
    return objs.get(int(m.group(1)), b'') if m else b''


def utf16(hexdigits):
    return bytes.fromhex(hexdigits.decode()).decode('utf-16-be', 'replace')


def to_unicode(cmap):
    """code (bytes) -> text, from a ToUnicode CMap's bfchar and bfrange."""
    out = {}
    for blk in re.findall(rb'(?s)beginbfchar(.*?)endbfchar', cmap):
        for code, text in re.findall(rb'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', blk):
            out[bytes.fromhex(code.decode())] = utf16(text)
    for blk in re.findall(rb'(?s)beginbfrange(.*?)endbfrange', cmap):
        for lo, hi, text in re.findall(
                rb'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', blk):
            first, size = utf16(text), len(lo) // 2
            for k in range(int(hi, 16) - int(lo, 16) + 1):
                code = (int(lo, 16) + k).to_bytes(size, 'big')
                out[code] = first[:-1] + chr(ord(first[-1]) + k)
    return out


class Font:
    def __init__(self, objs, body):
        desc = ref(objs, body, b'FontDescriptor')
        if not desc:  # a composite font: the descriptor is its descendant's
            kids = re.search(rb'/DescendantFonts\s*\[\s*(\d+) 0 R', body)
            desc = ref(objs, objs.get(int(kids.group(1)), b''), b'FontDescriptor') if kids else b''
        fam = re.search(rb'/FontFamily\s*\(([^)]*)\)', desc)
        self.cjk = bool(fam and b'CJK' in fam.group(1))
        self.embedded = re.search(rb'/FontFile[23]?\s', desc) is not None or b'/Type3' in body
        self.width = 2 if b'/Identity-H' in body else 1
        self.map = to_unicode(stream(ref(objs, body, b'ToUnicode')))

    def text(self, codes):
        return ''.join(self.map.get(codes[i:i + self.width], '')
                       for i in range(0, len(codes), self.width))


def fonts_by_name(objs):
    names = {}
    for body in objs.values():
        for m in re.finditer(rb'/Font\s*<<(.*?)>>', body, re.S):
            for name, num in re.findall(rb'/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R', m.group(1)):
                names[name] = Font(objs, objs.get(int(num), b''))
    return names


TOKENS = re.compile(rb'/Span\s*<<\s*/ActualText\s*<([0-9A-Fa-f]*)>\s*>>\s*BDC'
                    rb'|/([A-Za-z0-9_.+-]+)\s+[-0-9.]+\s+Tf'
                    rb'|(\[(?:[^\]\\]|\\.)*\])\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\bEMC\b')


def drawn_in_cjk(objs):
    """Every character drawn with a glyph of an embedded CJK font."""
    fonts = fonts_by_name(objs)
    chars = set()
    for body in objs.values():
        content = stream(body) if b'stream' in body else b''
        if b'Tf' not in content:
            continue
        font, actual = None, None
        for m in TOKENS.finditer(content):
            if m.group(1) is not None:
                actual = utf16(m.group(1)[4:]) if m.group(1)[:4].upper() == b'FEFF' else ''
            elif m.group(2) is not None:
                font = fonts.get(m.group(2))
            elif m.group(0) == b'EMC':
                actual = None
            elif font and font.cjk and font.embedded:
                hexes = [m.group(4)] if m.group(4) is not None else \
                    re.findall(rb'<([0-9A-Fa-f]*)>', m.group(3))
                codes = b''.join(bytes.fromhex(h.decode()) for h in hexes)
                chars.update(actual if actual is not None else font.text(codes))
    return chars


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    objs = read_objects(open(argv[1], 'rb').read())
    drawn = drawn_in_cjk(objs)
    missing = ''.join(sorted({c for text in argv[2:] for c in text if not c.isascii()} - drawn))
    if missing:
        print(f'not drawn with an embedded CJK font: {missing}')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
