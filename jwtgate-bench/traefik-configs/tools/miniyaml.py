"""A small YAML reader (stdlib only) for Traefik configuration files.

Covers what these files use: block mappings and sequences, flow sequences and mappings,
quoted and plain scalars, comments, block scalars (| and >), several documents (---).
Every scalar is a Scalar carrying its line and column span, so a caller can rewrite one
value in the original text and leave every other byte as written.
"""
import re


class Scalar(str):
    """A string value that remembers where it was written (0-based line, [start, end) columns)."""

    def __new__(cls, value, line=-1, start=-1, end=-1, quoted=False):
        s = str.__new__(cls, value)
        s.line, s.start, s.end, s.quoted = line, start, end, quoted
        return s


def _strip_comment(text):
    out, q, i = [], None, 0
    while i < len(text):
        c = text[i]
        if q:
            if c == q:
                if q == "'" and i + 1 < len(text) and text[i + 1] == "'":
                    out.append(c); out.append(c); i += 2; continue
                q = None
            elif c == '\\' and q == '"':
                out.append(c); i += 1
                if i < len(text):
                    out.append(text[i])
                i += 1; continue
        elif c in "\"'" and (i == 0 or text[i - 1] in " \t:[{,-"):
            q = c
        elif c == '#' and (i == 0 or text[i - 1] in " \t"):
            break
        out.append(c); i += 1
    return ''.join(out).rstrip()


def _unquote(raw):
    if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
        body = raw[1:-1]
        return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t', '"': '"', '\\': '\\', '/': '/'}.get(m.group(1), '\\' + m.group(1)), body), True
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        return raw[1:-1].replace("''", "'"), True
    return raw, False


def _scalar(raw, line, col):
    lead = len(raw) - len(raw.lstrip())
    raw2 = raw.strip()
    v, q = _unquote(raw2)
    return Scalar(v, line, col + lead, col + lead + len(raw2), q)


def _split_flow(body):
    items, depth, q, cur, starts, pos = [], 0, None, [], [], 0
    start = 0
    for i, c in enumerate(body):
        if q:
            if c == q:
                q = None
        elif c in "\"'":
            q = c
        elif c in '[{':
            depth += 1
        elif c in ']}':
            depth -= 1
        elif c == ',' and depth == 0:
            items.append((body[start:i], start)); start = i + 1; continue
    if body[start:].strip():
        items.append((body[start:], start))
    return items


def _flow(raw, line, col):
    s = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    col += lead
    if s.startswith('['):
        return [_flow(part, line, col + 1 + off) for part, off in _split_flow(s[1:-1])]
    if s.startswith('{'):
        d = {}
        for part, off in _split_flow(s[1:-1]):
            k, _, v = part.partition(':')
            d[_unquote(k.strip())[0]] = _flow(v, line, col + 1 + off + len(k) + 1)
        return d
    return _scalar(raw, line, col)


def _key_split(text):
    """Split 'key: value' at the first ': ' (or trailing ':') outside quotes; None if not a mapping line."""
    q = None
    for i, c in enumerate(text):
        if q:
            if c == q:
                q = None
        elif c in "\"'" and i == 0:
            q = c
        elif c == ':' and (i + 1 == len(text) or text[i + 1] in ' \t'):
            return text[:i], i
        elif c in '[{' and i == 0:
            return None
    return None


class _Parser:
    def __init__(self, lines):
        self.lines = lines  # list of (lineno, indent, text-without-comment, raw)
        self.i = 0

    def peek(self):
        return self.lines[self.i] if self.i < len(self.lines) else None

    def block(self, indent):
        ln = self.peek()
        if ln is None or ln[1] < indent:
            return None
        if ln[2].startswith('- ') or ln[2] == '-':
            return self.seq(ln[1])
        return self.map(ln[1])

    def value_after(self, rest, restcol, lineno, indent):
        r = rest.strip()
        if r == '' :
            nxt = self.peek()
            if nxt and (nxt[1] > indent or (nxt[1] == indent and (nxt[2].startswith('- ') or nxt[2] == '-'))):
                return self.block(nxt[1])
            return None
        if r in ('|', '>', '|-', '>-', '|+', '>+'):
            parts = []
            while self.peek() and (self.peek()[1] > indent or self.peek()[2] == ''):
                parts.append(self.peek()[3].strip()); self.i += 1
            joiner = '\n' if r.startswith('|') else ' '
            return Scalar(joiner.join(parts), lineno, -1, -1, True)
        if r.startswith('[') or r.startswith('{'):
            return _flow(rest, lineno, restcol)
        if r.startswith('&') or r.startswith('*') or r.startswith('!'):
            return _scalar(rest, lineno, restcol)
        return _scalar(rest, lineno, restcol)

    def map(self, indent):
        d = {}
        while True:
            ln = self.peek()
            if ln is None or ln[1] != indent or ln[2].startswith('- ') or ln[2] == '-':
                if ln is not None and ln[1] > indent:
                    raise ValueError(f'line {ln[0]+1}: unexpected indentation')
                return d
            lineno, ind, text, raw = ln
            ks = _key_split(text)
            if ks is None:
                raise ValueError(f'line {lineno+1}: expected "key: value": {text!r}')
            key, pos = ks
            self.i += 1
            k = _unquote(key.strip())[0]
            d[k] = self.value_after(text[pos + 1:], ind + pos + 1, lineno, indent)

    def seq(self, indent):
        out = []
        while True:
            ln = self.peek()
            if ln is None or ln[1] != indent or not (ln[2].startswith('- ') or ln[2] == '-'):
                return out
            lineno, ind, text, raw = ln
            rest = text[1:]
            inner = len(rest) - len(rest.lstrip()) + 1
            rest = rest.strip()
            if rest == '':
                self.i += 1
                out.append(self.block(self.peek()[1]) if self.peek() and self.peek()[1] > indent else None)
                continue
            ks = _key_split(rest) if not rest.startswith(('"', "'", '[', '{')) or _key_split(rest) else None
            if ks is not None and not rest.startswith(('[', '{')):
                # "- key: value" starts a mapping whose indentation is that of "key"
                self.lines[self.i] = (lineno, ind + inner, rest, raw)
                out.append(self.map(ind + inner))
            else:
                self.i += 1
                out.append(self.value_after(text[inner:], ind + inner, lineno, indent))


def load_all(text):
    """Parse every document of a YAML text; returns a list of Python values (dict/list/Scalar/None)."""
    docs, cur = [], []
    for n, raw in enumerate(text.split('\n')):
        if raw.rstrip() in ('---', '...') or raw.startswith('--- '):
            docs.append(cur); cur = []
            continue
        body = _strip_comment(raw)
        if body.strip() == '':
            continue
        indent = len(body) - len(body.lstrip(' '))
        cur.append((n, indent, body.strip(), raw))
    docs.append(cur)
    out = []
    for lines in docs:
        if not lines:
            continue
        p = _Parser(lines)
        out.append(p.block(lines[0][1]))
    return out


def load(text):
    docs = load_all(text)
    return docs[0] if docs else None


def to_plain(v):
    """Scalar -> bool/int/float/str like YAML 1.1 plain scalars; containers recursively."""
    if isinstance(v, dict):
        return {k: to_plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    if isinstance(v, Scalar) and not v.quoted:
        low = v.lower()
        if low in ('true', 'yes', 'on'):
            return True
        if low in ('false', 'no', 'off'):
            return False
        if low in ('null', '~', ''):
            return None
        if re.fullmatch(r'[-+]?\d+', v):
            return int(v)
        if re.fullmatch(r'[-+]?\d+\.\d*', v):
            return float(v)
        return str(v)
    return str(v) if isinstance(v, Scalar) else v


def rewrite(text, edits):
    """Apply edits [(Scalar, new_text)] to text; each replaces the scalar's span on its line."""
    lines = text.split('\n')
    for sc, new in sorted(edits, key=lambda e: (e[0].line, -e[0].start)):
        if sc.start < 0:
            raise ValueError(f'cannot rewrite block scalar at line {sc.line+1}')
        ln = lines[sc.line]
        lines[sc.line] = ln[:sc.start] + new + ln[sc.end:]
    return '\n'.join(lines)
