"""Traefik v3 router rules: parse, evaluate against a request, and derive a request that matches."""
import re

MATCHERS = {'host': 1, 'hostregexp': 1, 'path': 1, 'pathprefix': 1, 'pathregexp': 1, 'method': 1,
            'header': 2, 'headerregexp': 2, 'query': (1, 2), 'queryregexp': 2, 'clientip': 1, 'hostsni': 1}


class RuleError(Exception):
    pass


def tokenize(s):
    toks, i = [], 0
    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
        elif s.startswith('&&', i) or s.startswith('||', i):
            toks.append(s[i:i + 2]); i += 2
        elif c in '!(),':
            toks.append(c); i += 1
        elif c in '`"':
            j = s.index(c, i + 1)
            toks.append(('str', s[i + 1:j])); i = j + 1
        else:
            m = re.match(r'[A-Za-z][A-Za-z0-9]*', s[i:])
            if not m:
                raise RuleError(f'unexpected {c!r} at {i}')
            toks.append(('name', m.group(0))); i += len(m.group(0))
    return toks


def parse(rule):
    toks = tokenize(rule)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take(t=None):
        x = peek()
        if t is not None and x != t:
            raise RuleError(f'expected {t} got {x}')
        pos[0] += 1
        return x

    def p_or():
        n = p_and()
        while peek() == '||':
            take(); n = ('or', n, p_and())
        return n

    def p_and():
        n = p_un()
        while peek() == '&&':
            take(); n = ('and', n, p_un())
        return n

    def p_un():
        x = peek()
        if x == '!':
            take(); return ('not', p_un())
        if x == '(':
            take(); n = p_or(); take(')'); return n
        if isinstance(x, tuple) and x[0] == 'name':
            take(); take('(')
            args = []
            while peek() != ')':
                a = take()
                if not (isinstance(a, tuple) and a[0] == 'str'):
                    raise RuleError(f'bad argument {a}')
                args.append(a[1])
                if peek() == ',':
                    take()
            take(')')
            name = x[1].lower()
            if name not in MATCHERS:
                raise RuleError(f'unknown matcher {x[1]}')
            want = MATCHERS[name]
            if (isinstance(want, tuple) and len(args) not in want) or (isinstance(want, int) and len(args) != want):
                raise RuleError(f'{x[1]} takes {want} argument(s) in Traefik v3, got {len(args)} (v2 syntax)')
            return ('m', name, args)
        raise RuleError(f'unexpected {x}')

    n = p_or()
    if peek() is not None:
        raise RuleError(f'trailing {peek()}')
    return n


def evaluate(node, req):
    k = node[0]
    if k == 'or':
        return evaluate(node[1], req) or evaluate(node[2], req)
    if k == 'and':
        return evaluate(node[1], req) and evaluate(node[2], req)
    if k == 'not':
        return not evaluate(node[1], req)
    _, name, args = node
    host = req['host'].lower().split(':')[0]
    path = req['path']
    if name == 'host':
        return host == args[0].lower()
    if name == 'hostregexp':
        return re.search(go_re(args[0]), host) is not None
    if name == 'path':
        return path == args[0]
    if name == 'pathprefix':
        return path.startswith(args[0])
    if name == 'pathregexp':
        return re.search(go_re(args[0]), path) is not None
    if name == 'method':
        return req.get('method', 'GET').upper() == args[0].upper()
    if name == 'header':
        return req.get('headers', {}).get(args[0]) == args[1]
    if name == 'headerregexp':
        v = req.get('headers', {}).get(args[0])
        return v is not None and re.search(go_re(args[1]), v) is not None
    if name == 'query':
        q = dict(p.split('=', 1) if '=' in p else (p, '') for p in req.get('query', '').split('&') if p)
        return args[0] in q and (len(args) == 1 or q[args[0]] == args[1])
    if name == 'clientip':
        return args[0].startswith('127.') or args[0] in ('0.0.0.0/0', '::1')
    return False


def go_re(r):
    # Go's (?i) and most syntax match Python's; \z and (?P<n>) exist in both.
    return r.replace('\\z', '\\Z')


def sample_regex(r):
    s = r
    if s.startswith('^'):
        s = s[1:]
    if s.endswith('$'):
        s = s[:-1]
    s = re.sub(r'^\(\?i\)', '', s)
    for pat, rep in [(r'\(\?:[^()]*\)\?', ''), (r'\[\^/\]\+', 'abc'), (r'\[\^\.\]\+', 'abc'), (r'\[a-z0-9-\]\+', 'abc'),
                     (r'\[a-zA-Z0-9-\]\+', 'abc'), (r'\[a-z0-9\]\+', 'abc'), (r'\[a-z\]\+', 'abc'), (r'\[0-9\]\+', '123'),
                     (r'\\d\+', '123'), (r'\\w\+', 'abc'), (r'\.\+', 'abc'), (r'\.\*', 'abc'), (r'\\\.', '.'), (r'\\/', '/'),
                     (r'\(([^()|]*)\)', r'\1'), (r'\(([^()|]*)\|[^()]*\)', r'\1')]:
        s = re.sub(pat, rep, s)
    return s


def candidates(node):
    """Alternatives of constraint dicts that would make the rule true (negations ignored here)."""
    k = node[0]
    if k == 'or':
        return candidates(node[1]) + candidates(node[2])
    if k == 'and':
        out = []
        for a in candidates(node[1]):
            for b in candidates(node[2]):
                m = merge(a, b)
                if m is not None:
                    out.append(m)
        return out
    if k == 'not':
        return [{}]
    _, name, args = node
    if name == 'host':
        return [{'host': args[0]}]
    if name == 'hostregexp':
        return [{'host': sample_regex(args[0])}]
    if name == 'path':
        return [{'path': args[0], 'exact': True}]
    if name == 'pathprefix':
        return [{'path': args[0]}]
    if name == 'pathregexp':
        return [{'path': sample_regex(args[0]) or '/'}]
    if name == 'method':
        return [{'method': args[0].upper()}]
    if name == 'header':
        return [{'headers': {args[0]: args[1]}}]
    if name == 'headerregexp':
        return [{'headers': {args[0]: sample_regex(args[1])}}]
    if name == 'query':
        return [{'query': args[0] + ('=' + args[1] if len(args) > 1 else '=1')}]
    return [{}]


def merge(a, b):
    m = dict(a)
    for k, v in b.items():
        if k == 'headers':
            m['headers'] = dict(m.get('headers', {}), **v)
        elif k == 'path' and 'path' in m:
            p1, p2 = m['path'], v
            if m.get('exact') and b.get('exact') and p1 != p2:
                return None
            # the longer one must start with the shorter prefix
            longer, shorter = (p1, p2) if len(p1) >= len(p2) else (p2, p1)
            if not longer.startswith(shorter):
                return None
            m['path'] = longer
            m['exact'] = m.get('exact') or b.get('exact')
        elif k in m and m[k] != v and k != 'exact':
            return None
        else:
            m[k] = v
    return m


def derive(rule, prefer=None):
    """A request dict {host, path, method, headers, query} matching rule, or None."""
    node = parse(rule)
    for c in candidates(node):
        host = c.get('host', 'corpus.test')
        base = c.get('path', '/')
        paths = [prefer(base, c.get('exact'))] if prefer else []
        paths += [base, base.rstrip('/') + '/x', base + 'x', '/x', '/corpus']
        for p in paths:
            if not p or not p.startswith('/'):
                continue
            req = {'host': host, 'path': p, 'method': c.get('method', 'GET'), 'headers': dict(c.get('headers', {})),
                   'query': c.get('query', '')}
            if evaluate(node, req):
                return req
    return None
