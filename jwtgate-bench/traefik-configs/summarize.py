#!/usr/bin/env python3
"""Build RESULTS.md from results/before and results/after (+ judgements.json, the reviewed overrides).

  ./summarize.py [before_label] [after_label]
  ./summarize.py --recorded recorded-21df75a.json <label>
      a re-run of one build (results/<label>/) beside the recorded before/after figures of the first run
      (recorded-21df75a.json: that run's RESULTS.md cells; its raw results were not kept)
"""
import collections, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))

# DIFFERS / "not supported ... ignored" keys: (regex on the key, feature label, matters?)
KEY_RULES = [
    (r'certResolver|certificatesResolvers', 'ACME (certificatesResolvers / router tls.certResolver)', True),
    (r'experimental|plugin', 'plugins', True),
    (r'providers\.(docker|swarm|consul|nomad|ecs|redis|etcd|zookeeper|http|kubernetesIngress|kubernetesGateway)', 'other providers (not measured)', False),
    (r'\.tls\.domains', 'router tls.domains (no resolver: no effect in Traefik either)', False),
    (r'http3', 'HTTP/3 (clients fall back to HTTP/2 or 1.1)', False),
    (r'^(global|log|accessLog|api\.debug|api\.disableDashboardAd)', 'logging / global / api.debug', False),
    (r'^metrics|prometheus|addEntryPointsLabels|buckets', 'metrics options', False),
    (r'transport\.(respondingTimeouts|lifeCycle)', 'entry point transport timeouts', False),
    (r'serversTransport', 'serversTransport(s) (insecureSkipVerify, rootCAs...)', True),
    (r'forwardedHeaders', 'entryPoints.forwardedHeaders.trustedIPs', True),
    (r'disabled by this JDK', 'tls.options minVersion TLS 1.0/1.1 (this JDK disables them)', True),
    (r'tls\.options|TLSOption|sniStrict|cipherSuites|minVersion|curvePreferences|clientAuth', 'tls.options (minVersion, cipherSuites, sniStrict, clientAuth)', True),
    (r'tls\.stores', 'tls.stores', True),
    (r'healthCheck', 'service healthCheck', False),
    (r'\.headers\.', 'headers option', True),
    (r'ingressClass|ingress\.class', 'ingress class', True),
    (r'ruleSyntax', 'ruleSyntax v2', True),
    (r'observability', 'router observability', False),
    (r'^(tcp|udp)', 'TCP/UDP', True),
]

ERROR_RULES = [
    (r"middleware type 'plugin\.", 'plugins'),
    (r"middleware type '(\w+)' is not supported", r'\1 middleware'),
    (r'does not speak TLS', 'TLS router on an entry point without http.tls (Traefik serves it)'),
    (r"'TraefikService' services are not supported", 'TraefikService (CRD kind) incl. api@internal/noop@internal'),
    (r'a dynamic configuration must be a map', 'a comment-only dynamic file stops the gateway (Traefik accepts it)'),
    # Traefik v3.7's file provider (directory) keeps the first definition of a name and skips later ones with a
    # warning (provider.ResourceStrategySkipDuplicates); a static file's `http:` is a separate cause (judgements.json)
    (r'defined more than once', 'a name defined in two files of the directory refused (Traefik v3.7 keeps the first, warns)'),
    (r'cannot be negotiated by this JDK', 'tls.options cipher suite this JDK disables (TLS_RSA_*)'),
    (r"service.*(api@internal|dashboard@internal|noop@internal).*(not|refused|unknown)|internal service", 'internal services (api@internal, noop@internal...)'),
    (r'HostRegexp: invalid regular expression', 'HostRegexp with v2 `{name:re}` (Go reads it literally)'),
    (r"unknown function '(\w+)'", r'matcher name spelled \1 (Traefik accepts lower case)'),
    (r'is not a valid URL: Illegal character', 'server URL with `{status}` in its path refused (Go accepts it)'),
    # Mistakes of the configuration itself that Traefik reports as well and handles the same way (the routers
    # concerned are judged one by one: disabled, or served with the default TLS options): not blocking.
    (r"service '[^']+' does not exist", "the configuration's own error: a router names a service defined nowhere (Traefik disables it too)", False),
    (r"middleware '[^']+' does not exist", "the configuration's own error: a router names a middleware defined nowhere (Traefik disables it too)", False),
    (r'served by routers with different TLS options', "the configuration's own TLS options conflict (Traefik logs it and applies default too)", False),
]


def label_error(s):
    """(label, blocking?)"""
    for rule in ERROR_RULES:
        rx, lab = rule[0], rule[1]
        m = re.search(rx, s)
        if m:
            return m.expand(lab), rule[2] if len(rule) > 2 else True
    return 'other: ' + re.sub(r'^ERROR\s+\S*/work/[^:]*/', '', s)[:120], True


def key_of(line):
    m = re.search(r':\s*((?:http|tls|entryPoints|providers|api|log|accessLog|metrics|global|experimental|certificatesResolvers|ping|serversTransport|tcp|udp|spec)[\w.{}\[\], @"-]*?):\s', line)
    return m.group(1) if m else line


def label_key(line):
    k = key_of(line)
    for rx, lab, matters in KEY_RULES:
        if re.search(rx, k) or re.search(rx, line):
            return lab, matters
    return 'other: ' + k[:80], True


def load(label):
    out = {}
    d = os.path.join(HERE, 'results', label)
    for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        r = json.load(open(os.path.join(d, f)))
        out[r['config']] = r
    return out


def verdict(r, judg):
    """(runs?, [reasons], {feature: matters})"""
    if r.get('harness_error'):
        return False, ['harness error: ' + r['harness_error'].strip().splitlines()[-1]], {}
    excused = {x['router'] for x in r.get('routers', []) if x.get('verdict') in ('v3-invalid', 'v3-nomatch', 'skip')}
    feats = collections.OrderedDict()
    reasons = []
    chk = r.get('check', {})
    for e in chk.get('ERROR', []):
        m = re.search(r'http\.routers\.([^.:]+)', e)
        if m and m.group(1) in excused:
            continue
        if 'is disabled and answers 503' in e and 'is invalid' in e:
            continue  # consequence of a middleware problem, labelled there
        lab, matters = label_error(e)
        if lab.startswith('HostRegexp with v2') or lab.startswith('matcher name'):
            continue
        feats[lab] = feats.get(lab, False) or matters
    diff_lines = chk.get('DIFFERS', []) + [w for w in chk.get('WARN', []) if "not supported by jwtgate" in w or "does not implement" in w]
    for d in diff_lines:
        lab, matters = label_key(d)
        feats.setdefault(lab, matters)
    fails = [x for x in r.get('routers', []) if x.get('verdict') == 'fail']
    for x in fails:
        reasons.append(f"{x['router']}: {x['reason']}")
    if not r.get('started') and not any('stops the gateway' in k for k in feats):
        feats['gateway did not start'] = True
    for k, v in judg.get('features', {}).items():
        feats[k] = v
    ok = not fails and not any(feats.values())
    if 'runs' in judg:
        ok = judg['runs']
    return ok, reasons, feats


def main():
    bl = sys.argv[1] if len(sys.argv) > 1 else 'before'
    al = sys.argv[2] if len(sys.argv) > 2 else 'after'
    B, A = load(bl), load(al)
    J = json.load(open(os.path.join(HERE, 'judgements.json'))) if os.path.exists(os.path.join(HERE, 'judgements.json')) else {}
    rows, blockers = [], collections.Counter()
    tb = ta = 0
    acme_only_after = 0
    for cfg in sorted(set(B) | set(A)):
        meta = json.load(open(os.path.join(HERE, cfg, 'meta.json')))
        src = open(os.path.join(HERE, cfg, 'SOURCE.md')).read()
        uses = re.search(r'^- Uses: (.*)$', src, re.M).group(1)
        out = {}
        for lab, R in (('before', B), ('after', A)):
            if cfg not in R:
                out[lab] = None; continue
            r = R[cfg]
            ok, reasons, feats = verdict(r, J.get(cfg, {}).get(lab, {}))
            rs = r.get('routers', [])
            nrun = sum(x.get('verdict') == 'runs' for x in rs)
            nex = sum(x.get('verdict') in ('v3-invalid', 'v3-nomatch', 'skip') for x in rs)
            out[lab] = dict(ok=ok, reasons=reasons, feats=feats, nrun=nrun, n=len(rs) - nex, nex=nex,
                            exit=r.get('check', {}).get('exit'), commit=r.get('commit', '')[:7])
        if out.get('before') and out['before']['ok']:
            tb += 1
        if out.get('after') and out['after']['ok']:
            ta += 1
        if out.get('after') and not out['after']['ok']:
            blocking = [k for k, v in out['after']['feats'].items() if v]
            for k in blocking:
                blockers[k] += 1
            if blocking and all(k.startswith('ACME') for k in blocking) and not out['after']['reasons']:
                acme_only_after += 1
        rows.append((cfg, meta, uses, out))
    lines = ['# Corpus results: real Traefik configurations on jwtgate, before and after the middleware work', '']
    ca = next((o['after']['commit'] for _, _, _, o in rows if o.get('after')), '?')
    cb = next((o['before']['commit'] for _, _, _, o in rows if o.get('before')), '?')
    lines += [f'Before: {cb} (checkout /work/wt/before). After: {ca} (checkout /work/wt/after). {len(rows)} configurations.', '',
              f'**Run unchanged: before {tb}/{len(rows)}, after {ta}/{len(rows)}.** '
              f'After, {acme_only_after} more would run if ACME (certificatesResolvers) were not counted.', '',
              'A configuration runs unchanged when `jwtgate check` reports no problem and no difference that matters '
              '(DIFFERS in after; "not supported by jwtgate, ignored" warnings in before), the gateway starts, and every '
              'router answers as Traefik v3 would (backend reached with the middlewares applied, or the middleware\'s own answer). '
              'Routers that Traefik v3 itself rejects (v2 rule syntax) are not counted against jwtgate. Router counts: routers '
              'that answered as Traefik / routers probed (excluding those Traefik v3 rejects or cannot match).', '',
              '| # | config | source | uses | before | after | why (after; before in brackets where different) |', '|---|---|---|---|---|---|---|']
    for cfg, meta, uses, out in rows:
        def cell(o):
            if not o:
                return 'n/a'
            return ('**runs**' if o['ok'] else 'fails') + f" ({o['nrun']}/{o['n']} routers)"
        a, b = out.get('after'), out.get('before')
        why = []
        if a:
            why += [k for k, v in a['feats'].items() if v]
            if a['reasons']:
                why.append('routers: ' + '; '.join(a['reasons'][:4]) + (f' (+{len(a["reasons"]) - 4} more)' if len(a['reasons']) > 4 else ''))
            harmless = [k for k, v in a['feats'].items() if not v]
            if harmless:
                why.append('not blocking: ' + ', '.join(harmless))
        if b:
            bf = [k for k, v in b['feats'].items() if v and (not a or k not in a['feats'])]
            if bf:
                why.append('[before also: ' + ', '.join(bf) + ']')
        jnote = J.get(cfg, {}).get('note')
        if jnote:
            why.append('judgement: ' + jnote)
        lines.append(f"| {cfg[:2]} | {cfg[3:]} | {meta.get('repo')}@{meta.get('commit', '')[:7]} | {uses} | {cell(b)} | {cell(a)} | "
                     + '<br>'.join(w.replace('|', '\\|') for w in why) + ' |')
    lines += ['', '## Features whose absence blocks configurations after', '', '| feature | configs blocked |', '|---|---|']
    for k, n in blockers.most_common():
        lines.append(f'| {k} | {n} |')
    extra = open(os.path.join(HERE, 'METHOD.md')).read() if os.path.exists(os.path.join(HERE, 'METHOD.md')) else ''
    open(os.path.join(HERE, 'RESULTS.md'), 'w').write('\n'.join(lines) + '\n' + extra)
    print(f'before {tb}/{len(rows)} after {ta}/{len(rows)}')
    for k, n in blockers.most_common():
        print(f'  {n:2d}  {k}')


def blocking_of(o):
    return [k for k, v in o['feats'].items() if v]


def single_blockers(rows):
    """Failing configurations grouped by their blocking features: one fix gains those with exactly that one."""
    out = collections.defaultdict(list)
    for cfg, o in rows:
        if o and not o['ok']:
            b = blocking_of(o)
            if o['reasons'] and not b:
                b = ['router answers only']
            out[tuple(sorted(b))].append(cfg[:2])
    return out


def main_recorded(recfile, label):
    rec = json.load(open(os.path.join(HERE, recfile)))
    R = load(label)
    J = json.load(open(os.path.join(HERE, 'judgements.json'))) if os.path.exists(os.path.join(HERE, 'judgements.json')) else {}
    cfgs = sorted(d for d in os.listdir(HERE) if re.match(r'^\d\d-', d))
    rows, blockers, tn = [], collections.Counter(), 0
    commit = next((r.get('commit', '')[:7] for r in R.values()), '?')
    checkout = next((r.get('checkout') for r in R.values() if r.get('checkout')), '?')
    for cfg in cfgs:
        r = R.get(cfg)
        o = None
        if r:
            ok, reasons, feats = verdict(r, J.get(cfg, {}).get(label, {}))
            rs = r.get('routers', [])
            nex = sum(x.get('verdict') in ('v3-invalid', 'v3-nomatch', 'skip') for x in rs)
            o = dict(ok=ok, reasons=reasons, feats=feats, nrun=sum(x.get('verdict') == 'runs' for x in rs), n=len(rs) - nex)
            tn += ok
            if not ok:
                for k in blocking_of(o):
                    blockers[k] += 1
        rows.append((cfg, o))
    n_meas = sum(1 for _, o in rows if o)
    bc, ac = rec['before_commit'], rec['after_commit']
    tb = sum(c['before']['runs'] for c in rec['configs'].values())
    ta = sum(c['after']['runs'] for c in rec['configs'].values())
    L = ['# Corpus results: real Traefik configurations on jwtgate', '',
         f'Before: {bc} (before the middleware catalogue). After: {ac} (first run, recorded). Now: {commit} (re-run of one build, '
         f'checkout {checkout}). {len(cfgs)} configurations; {n_meas} re-measured now.', '',
         f'**Run unchanged: before {tb}/{len(cfgs)}, after {ta}/{len(cfgs)} at {ac}, now {tn}/{len(cfgs)} at {commit}.**'
         + ('' if n_meas == len(cfgs) else f' ({len(cfgs) - n_meas} not re-measured: counted as failing now.)'), '',
         'A configuration runs unchanged when `jwtgate check` reports no problem and no difference that matters '
         '(DIFFERS; "not supported by jwtgate, ignored" warnings in before), the gateway starts, and every '
         'router answers as Traefik v3 would (backend reached with the middlewares applied, or the middleware\'s own answer). '
         'Routers that Traefik v3 itself rejects (v2 rule syntax) are not counted against jwtgate. Router counts: routers '
         'that answered as Traefik / routers probed (excluding those Traefik v3 rejects or cannot match). '
         f'The before and after columns are the first run\'s figures as recorded (`{recfile}`); only "now" was measured again.', '',
         f'| # | config | source | uses | before {bc} | after {ac} | now {commit} | why (now; [at {ac} also: blockers gone since]) |',
         '|---|---|---|---|---|---|---|---|']
    for cfg, o in rows:
        meta = json.load(open(os.path.join(HERE, cfg, 'meta.json'))) if os.path.exists(os.path.join(HERE, cfg, 'meta.json')) else {}
        src = open(os.path.join(HERE, cfg, 'SOURCE.md')).read()
        uses = re.search(r'^- Uses: (.*)$', src, re.M).group(1)
        m = re.search(r'^- Source: https://github.com/(\S+)', src, re.M); c = re.search(r'^- Commit: (\w+)', src, re.M)
        rc = rec['configs'].get(cfg, {})
        def old(x):
            return ('**runs**' if x['runs'] else 'fails') + f" ({x['routers']})" if x else 'n/a'
        why = []
        if o:
            why += blocking_of(o)
            if o['reasons']:
                why.append('routers: ' + '; '.join(o['reasons'][:4]) + (f' (+{len(o["reasons"]) - 4} more)' if len(o['reasons']) > 4 else ''))
            harmless = [k for k, v in o['feats'].items() if not v]
            if harmless:
                why.append('not blocking: ' + ', '.join(harmless))
            gone = [w for w in rc.get('after', {}).get('why', []) if w and not w.startswith(('routers:', 'not blocking:', '[before'))
                    and w not in o['feats']]
            if gone:
                why.append(f'[at {ac} also: ' + ', '.join(gone) + ']')
            now = ('**runs**' if o['ok'] else 'fails') + f" ({o['nrun']}/{o['n']})"
        else:
            why.append('not re-measured (source files not available)')
            now = 'not re-measured'
        jn = J.get(cfg, {}).get('note')
        if jn:
            why.append('judgement: ' + jn)
        L.append(f"| {cfg[:2]} | {cfg[3:]} | {m.group(1) if m else meta.get('repo')}@{c.group(1)[:7] if c else ''} | {uses} | "
                 f"{old(rc.get('before'))} | {old(rc.get('after'))} | {now} | " + '<br>'.join(w.replace('|', '\\|') for w in why) + ' |')
    L += ['', f'## Features whose absence blocks configurations (now {commit}; at {ac} as recorded)', '',
          f'| feature | configs blocked now | at {ac} |', '|---|---|---|']
    keys = list(dict.fromkeys([k for k, _ in blockers.most_common()] + list(rec['after_blockers'])))
    for k in keys:
        L.append(f"| {k} | {blockers.get(k, 0)} | {rec['after_blockers'].get(k, '-')} |")
    L += ['', f'## Single blockers now (what one fix would gain, {commit})', '']
    groups = single_blockers(rows)
    for feats, ids in sorted(groups.items(), key=lambda x: (len(x[0]), -len(x[1]))):
        L.append(f"- {' + '.join(feats) if feats else '(none)'}: " + ', '.join(i + ('*' if J.get(next(c for c, _ in rows if c[:2] == i), {}).get('note') else '') for i in ids))
    L += ['', '\\* the row has a judgement note (01: the ACME it counts is a false DIFFERS for an empty certResolver).']
    if rec.get('single_blockers_md'):
        L += ['', f'## Single blockers at {ac} (as recorded)', '',
              'Kept as the first run wrote it; it already lagged that run\'s own table in places (07 and 26 ran at '
              f'{ac}, and 25 lacked only compress).', '', rec['single_blockers_md']]
    extra = open(os.path.join(HERE, 'METHOD.md')).read() if os.path.exists(os.path.join(HERE, 'METHOD.md')) else ''
    open(os.path.join(HERE, 'RESULTS.md'), 'w').write('\n'.join(L) + '\n\n' + extra)
    print(f'before {tb}/{len(cfgs)} after {ta}/{len(cfgs)} ({ac}) now {tn}/{len(cfgs)} ({commit}); {n_meas} measured')
    for k, n in blockers.most_common():
        print(f'  {n:2d}  {k}')
    for feats, ids in sorted(groups.items(), key=lambda x: len(x[0])):
        print('  ', ' + '.join(feats), ids)


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--recorded':
        main_recorded(sys.argv[2], sys.argv[3])
    else:
        main()
