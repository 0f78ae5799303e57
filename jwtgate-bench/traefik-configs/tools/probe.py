"""Routers of a prepared configuration, the request each should match, what Traefik would answer, and the verdict."""
import base64, gzip, hashlib, http.client, ipaddress, json, os, re, socket, ssl
import rules

SIMPLE_PASS = {'ratelimit', 'inflightreq', 'retry', 'circuitbreaker', 'buffering', 'contenttype', 'grpcweb',
               'passtlsclientcert', 'forwardauth', 'errors'}


def ci(d, key, default=None):
    if not isinstance(d, dict):
        return default
    for k in d:
        if k.lower() == key.lower():
            return d[k]
    return default


def as_list(v):
    if v is None:
        return []
    if isinstance(v, list):
        return v
    return [x.strip() for x in str(v).split(',') if x.strip()]


# ---------------------------------------------------------------- routers

def file_routers(prep):
    http = prep.dynamic['http']
    out = []
    for name, r in http['routers'].items():
        out.append({'name': name, 'rule': ci(r, 'rule', ''), 'entryPoints': as_list(ci(r, 'entryPoints')),
                    'middlewares': as_list(ci(r, 'middlewares')), 'service': ci(r, 'service', ''),
                    'tls': ci(r, 'tls') not in (None, False, 'false'), 'priority': ci(r, 'priority'),
                    'ruleSyntax': ci(r, 'ruleSyntax'), 'provider': 'file'})
    return out, {k: v for k, v in http['middlewares'].items()}, http['services']


def crd_routers(prep):
    out, mws, svcs = [], {}, {}
    for d in prep.k8s:
        ns = d.get('metadata', {}).get('namespace', 'default')
        if d.get('kind') == 'Middleware':
            mws[f"{ns}-{d['metadata']['name']}"] = d['spec']
        if d.get('kind') == 'TraefikService':
            svcs[f"{ns}-{d['metadata']['name']}"] = d['spec']
    for d in prep.k8s:
        if d.get('kind') != 'IngressRoute':
            continue
        ns = d.get('metadata', {}).get('namespace', 'default')
        spec = d['spec']
        for i, r in enumerate(spec.get('routes', [])):
            refs = []
            for m in r.get('middlewares', []) or []:
                refs.append(m['name'] if '@' in m['name'] else f"{m.get('namespace', ns)}-{m['name']}")
            s = (r.get('services') or [{}])[0]
            svc = s.get('name', '')
            if s.get('kind') == 'TraefikService' and '@' not in svc:
                svc = f"{s.get('namespace', ns)}-{svc}"
            out.append({'name': f"{d['metadata']['name']}#{i}", 'rule': r.get('match', ''),
                        'entryPoints': spec.get('entryPoints') or [], 'middlewares': refs, 'service': svc,
                        'tls': 'tls' in spec, 'priority': r.get('priority'), 'ruleSyntax': r.get('syntax'),
                        'provider': 'kubernetescrd', 'class': (d['metadata'].get('annotations') or {}).get('kubernetes.io/ingress.class')})
    return out, mws, svcs


def mw_lookup(mws, ref):
    base = ref.split('@')[0]
    if base in mws:
        return base, mws[base]
    return base, None


def expand(mws, refs, seen=()):
    """[(name, type, options)] in order, chains flattened; missing ones as (name, 'missing', None)."""
    out = []
    for ref in refs:
        name, m = mw_lookup(mws, ref)
        if m is None:
            out.append((name, 'missing', None)); continue
        (t, opts), = list(m.items())[:1] if m else [('missing', None)]
        if t.lower() == 'chain':
            if name in seen:
                out.append((name, 'recursive', None)); continue
            out += expand(mws, as_list(ci(opts, 'middlewares')), seen + (name,))
        else:
            out.append((name, t.lower(), opts or {}))
    return out


# ---------------------------------------------------------------- expectations

def go_repl(rep):
    return re.sub(r'\$\{(\w+)\}|\$(\d+)', lambda m: '\\g<' + (m.group(1) or m.group(2)) + '>', rep)


def ip_allowed(opts, client='127.0.0.1', xff=None):
    strat = ci(opts, 'ipStrategy') or {}
    ip = client
    if ci(strat, 'depth') or ci(strat, 'excludedIPs'):
        ip = None  # no X-Forwarded-For sent: Traefik's strategies find no address
    if ip is None:
        return False
    for r in as_list(ci(opts, 'sourceRange')):
        try:
            if ipaddress.ip_address(ip) in ipaddress.ip_network(r, strict=False):
                return True
        except ValueError:
            pass
    return False


def expectation(chain, req, scheme, service, creds, entry_redirect):
    """What Traefik answers: dict(kind=..., checks=[...]) and the request to send (headers added)."""
    exp = {'kind': 'backend', 'resp_headers': {}, 'resp_absent': set(), 'req_headers': {}, 'req_absent': set(),
           'path': req['path'], 'notes': [], 'send': {}, 'auth': None, 'compress': False, 'errors': None}
    if entry_redirect:
        exp['kind'] = 'redirect'; exp['notes'].append('entry point redirection'); return exp
    path = req['path']
    for name, t, o in chain:
        if t in ('missing', 'recursive'):
            exp['kind'] = 'router-error'; exp['notes'].append(f'middleware {name} {t}: Traefik disables the router (404)'); return exp
        if t == 'plugin':
            exp['kind'] = 'plugin'; exp['notes'].append(f'plugin {list(o)[0] if o else "?"}'); return exp
        if t == 'redirectscheme':
            target = ci(o, 'scheme', 'https')
            if target != scheme or ci(o, 'port'):
                exp['kind'] = 'redirect'; exp['location'] = target + '://'; return exp
        elif t == 'redirectregex':
            url = f"{scheme}://{req['host']}{path}" + (('?' + req['query']) if req.get('query') else '')
            rx = rules.go_re(ci(o, 'regex', ''))
            if re.search(rx, url):
                exp['kind'] = 'redirect'
                try:
                    exp['location'] = re.sub(rx, go_repl(ci(o, 'replacement', '')), url, count=1)
                except re.error:
                    pass
                return exp
        elif t in ('basicauth', 'digestauth'):
            users = [u.split(':')[0] for u in as_list(ci(o, 'users'))]
            known = [(u, p) for u, p in creds.items() if u in users or ci(o, 'usersFile') or ci(o, 'secret')]
            if known:
                exp['auth'] = (t, known[0][0], known[0][1]); exp['notes'].append(f'{t} with {known[0][0]}')
                if str(ci(o, 'removeHeader')).lower() == 'true':
                    exp['req_absent'].add('authorization')
                if ci(o, 'headerField'):
                    exp['req_headers'][ci(o, 'headerField').lower()] = known[0][0]
            else:
                exp['kind'] = 'auth401'; return exp
        elif t in ('ipallowlist', 'ipwhitelist'):
            if not ip_allowed(o):
                exp['kind'] = 'forbidden'; return exp
        elif t == 'headers':
            for k, v in (ci(o, 'customRequestHeaders') or {}).items():
                k = k.lower()
                if v in ('', None):
                    exp['req_absent'].add(k); exp['req_headers'].pop(k, None)
                else:
                    exp['req_headers'][k] = str(v); exp['req_absent'].discard(k)
            sec = {}
            if str(ci(o, 'frameDeny')).lower() == 'true' or ci(o, 'customFrameOptionsValue'):
                sec['x-frame-options'] = ci(o, 'customFrameOptionsValue') or 'DENY'
            if str(ci(o, 'contentTypeNosniff')).lower() == 'true':
                sec['x-content-type-options'] = 'nosniff'
            if str(ci(o, 'browserXssFilter')).lower() == 'true' or ci(o, 'customBrowserXSSValue'):
                sec['x-xss-protection'] = ci(o, 'customBrowserXSSValue') or '1; mode=block'
            sts = ci(o, 'stsSeconds')
            if sts and int(sts) > 0 and (scheme == 'https' or str(ci(o, 'forceSTSHeader')).lower() == 'true'):
                v = f'max-age={int(sts)}'
                if str(ci(o, 'stsIncludeSubdomains')).lower() == 'true':
                    v += '; includeSubDomains'
                if str(ci(o, 'stsPreload')).lower() == 'true':
                    v += '; preload'
                sec['strict-transport-security'] = v
            for key, h in (('referrerPolicy', 'referrer-policy'), ('contentSecurityPolicy', 'content-security-policy'),
                           ('permissionsPolicy', 'permissions-policy')):
                if ci(o, key):
                    sec[h] = ci(o, key)
            custom = {k.lower(): v for k, v in (ci(o, 'customResponseHeaders') or {}).items()}
            merged = dict(sec)
            for k, v in custom.items():
                if k in merged and v not in ('', None) and str(v) != merged[k]:
                    merged[k] = None  # both a security option and a custom header: order-dependent, not checked
                else:
                    merged[k] = v
            for k, v in merged.items():
                if k in exp['resp_headers'] or k in exp['resp_absent']:
                    continue  # an earlier (outer) middleware's response header wins
                if v in ('', None):
                    if v == '':
                        exp['resp_absent'].add(k)
                else:
                    exp['resp_headers'][k] = str(v)
            origins = as_list(ci(o, 'accessControlAllowOriginList'))
            if origins:
                origin = origins[0] if origins[0] != '*' else 'https://corpus.example'
                exp['send']['Origin'] = origin
                if 'access-control-allow-origin' not in exp['resp_headers']:
                    exp['resp_headers']['access-control-allow-origin'] = origins[0] if origins[0] == '*' else origin
        elif t == 'stripprefix':
            for p in as_list(ci(o, 'prefixes')):
                if path.startswith(p):
                    path = '/' + path[len(p):].lstrip('/') if not path[len(p):].startswith('/') else path[len(p):]
                    exp['req_headers']['x-forwarded-prefix'] = p
                    break
        elif t == 'stripprefixregex':
            for rx in as_list(ci(o, 'regex')):
                m = re.match(rules.go_re(rx), path)
                if m:
                    rest = path[m.end():]
                    path = rest if rest.startswith('/') else '/' + rest
                    exp['req_headers']['x-forwarded-prefix'] = m.group(0)
                    break
        elif t == 'addprefix':
            path = ci(o, 'prefix', '') + path
        elif t == 'replacepath':
            exp['req_headers']['x-replaced-path'] = path
            path = ci(o, 'path', '')
        elif t == 'replacepathregex':
            rx = rules.go_re(ci(o, 'regex', ''))
            if re.search(rx, path):
                exp['req_headers']['x-replaced-path'] = path
                path = re.sub(rx, go_repl(ci(o, 'replacement', '')), path)
        elif t == 'compress':
            exp['compress'] = True
        elif t == 'errors':
            exp['errors'] = o
        elif t not in SIMPLE_PASS:
            exp['notes'].append(f'middleware type {t} not modelled by the harness')
    exp['path'] = path
    if service in ('api@internal', 'dashboard@internal'):
        exp['kind'] = 'internal-api'
    elif service == 'noop@internal':
        exp['kind'] = 'noop'
    elif service == 'ping@internal':
        exp['kind'] = 'ping'
    elif service == 'prometheus@internal':
        exp['kind'] = 'metrics'
    return exp


# ---------------------------------------------------------------- HTTP

# Traefik's api@internal routes below api.basePath (pkg/api/handler.go createRouter; {id} routes left out: they
# answer 404 for an unknown id) and the dashboard's (pkg/api/dashboard Append: the base path redirects, /dashboard/).
API_ROUTES = re.compile(r'/api/(rawdata|overview|support-dump|version|entrypoints|(http|tcp)/(routers|services|middlewares)'
                        r'|udp/(routers|services)|certificates)')
API_ID_ROUTES = re.compile(r'/api/(entrypoints|(http|tcp)/(routers|services|middlewares)|udp/(routers|services)|certificates)/[^/]+')


def api_internal_serves(path, base_path, dashboard):
    """True when Traefik's api@internal answers this path (the one the middlewares left) with 200 or a redirect,
    False when its router has no route for it (404), None when it depends on the runtime (an {id} route)."""
    base = base_path or '/'
    root = base.rstrip('/')
    if dashboard and path == base:
        return True
    if not path.startswith(root + '/'):
        return False
    rest = path[len(root):]
    if API_ROUTES.fullmatch(rest):
        return True
    if API_ID_ROUTES.fullmatch(rest):
        return None
    if dashboard and rest.startswith('/dashboard/'):
        return True if rest == '/dashboard/' else None  # assets: whichever files the web UI has
    return False


def send(port, tls, host, path, method='GET', headers=None, timeout=15):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    h = {'Host': host, 'User-Agent': 'corpus-probe'}
    h.update(headers or {})
    try:
        sock = socket.create_connection(('127.0.0.1', port), timeout)
        if tls:
            ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
            sni = host if host and not re.fullmatch(r'[\d.]+', host) else None
            sock = ctx.wrap_socket(sock, server_hostname=sni)
        conn.sock = sock
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in h.items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        body = r.read()
        out = {'status': r.status, 'headers': [(k.lower(), v) for k, v in r.getheaders()], 'body': body}
    except Exception as e:  # noqa: BLE001 - the failure is the observation
        out = {'status': None, 'error': f'{type(e).__name__}: {e}'}
    finally:
        conn.close()
    return out


def hget(resp, name):
    vals = [v for k, v in resp.get('headers', []) if k == name.lower()]
    return ', '.join(vals) if vals else None


def echo_doc(resp):
    if hget(resp, 'x-corpus-echo') != '1':
        return None
    body = resp['body']
    if hget(resp, 'content-encoding') == 'gzip':
        try:
            body = gzip.decompress(body)
        except OSError:
            return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def digest_header(resp, user, pw, method, uri):
    ch = hget(resp, 'www-authenticate') or ''
    f = dict(re.findall(r'(\w+)="?([^",]*)"?', ch))
    realm, nonce, opaque = f.get('realm', ''), f.get('nonce', ''), f.get('opaque')
    ha1 = hashlib.md5(f'{user}:{realm}:{pw}'.encode()).hexdigest()
    ha2 = hashlib.md5(f'{method}:{uri}'.encode()).hexdigest()
    cnonce, nc = 'c0ffee', '00000001'
    r = hashlib.md5(f'{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}'.encode()).hexdigest()
    v = f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", qop=auth, nc={nc}, cnonce="{cnonce}", response="{r}"'
    if opaque:
        v += f', opaque="{opaque}"'
    return v


def judge(exp, resp, scheme):
    """(ok, reason) for one router's answer."""
    st = resp.get('status')
    if st is None:
        return False, f"no answer ({resp.get('error')})"
    doc = echo_doc(resp)
    k = exp['kind']
    if k == 'redirect':
        if st in (301, 302, 307, 308) and hget(resp, 'location'):
            loc = hget(resp, 'location')
            if exp.get('location') and not (loc == exp['location'] or loc.startswith(exp['location'])):
                return False, f'redirect to {loc}, Traefik: {exp["location"]}'
            return True, f'{st} redirect to {loc}'
        return False, f'{st}, Traefik redirects' + (f' to {exp.get("location")}' if exp.get('location') else '')
    if k == 'auth401':
        if st == 401 and hget(resp, 'www-authenticate'):
            return True, '401 with challenge (no credentials in the config)'
        return False, f'{st}, Traefik: 401 with a challenge'
    if k == 'forbidden':
        return (True, '403 from the allow list') if st == 403 else (False, f'{st}, Traefik: 403 (client not in sourceRange)')
    if k == 'router-error':
        return (True, f'{st}: router disabled as in Traefik') if st in (404, 503) else (False, f'{st}, Traefik disables this router')
    if k == 'plugin':
        return False, f'{st}: plugins are not supported' if not doc else (False, 'plugin middleware skipped, request reached the backend')
    if k == 'internal-api':
        if doc:
            return False, 'answered by the backend instead of api@internal'
        if exp.get('api_served') is False:
            if st == 404:
                return True, f"404 from api@internal (Traefik's has no route for {exp['path']})"
            return False, f"{st}, Traefik: 404 from api@internal (no route for {exp['path']})"
        if st in (200, 301, 302, 307, 308):
            return True, f'{st} from api@internal'
        return False, f'{st} from the gateway, Traefik serves api@internal'
    if k == 'h2c-to-http1':
        if st == 502 and not doc:
            return True, '502: HTTP/2 prior knowledge to the HTTP/1.1 echo backend, as Traefik'
        return False, f'{st}, Traefik: 502 (its h2c transport to an HTTP/1.1-only backend fails)'
    if k == 'noop':
        return (True, '418 noop@internal') if st == 418 else (False, f'{st}, Traefik: 418 from noop@internal')
    if k in ('ping', 'metrics'):
        return (True, f'{st} from {k}') if st == 200 and not doc else (False, f'{st}, Traefik: 200 from {k}@internal')
    # backend expected
    if not doc:
        return False, f'{st} from the gateway, Traefik forwards to the backend'
    problems = []
    if doc['path'] != exp['path']:
        problems.append(f"backend saw path {doc['path']}, Traefik sends {exp['path']}")
    got = {}
    for hk, hv in doc['headers']:
        got.setdefault(hk.lower(), []).append(hv)
    for hk, hv in exp['req_headers'].items():
        if hk == 'authorization':
            continue
        vals = got.get(hk, [])
        if hv not in vals and not any(hv == v.split(',')[0].strip() for v in vals):
            problems.append(f'request header {hk}: {hv!r} missing (got {vals})')
    for hk in exp['req_absent']:
        if hk in got:
            problems.append(f'request header {hk} should be removed (got {got[hk]})')
    for hk, hv in exp['resp_headers'].items():
        v = hget(resp, hk)
        if v != hv:
            problems.append(f'response header {hk}: {v!r}, Traefik: {hv!r}')
    for hk in exp['resp_absent']:
        if hget(resp, hk) is not None:
            problems.append(f'response header {hk} should be removed (got {hget(resp, hk)!r})')
    if exp['compress'] and hget(resp, 'content-encoding') != 'gzip':
        problems.append(f"not compressed (Content-Encoding {hget(resp, 'content-encoding')!r}), Traefik gzips this 1.4 kB JSON")
    if problems:
        return False, '; '.join(problems)
    return True, f'{st} from the backend' + (' (checked: ' + ', '.join(exp['notes'] + [x for x in ('path' if exp['path'] != '/' else '', 'headers' if exp['req_headers'] or exp['resp_headers'] or exp['resp_absent'] else '', 'gzip' if exp['compress'] else '') if x]) + ')')
