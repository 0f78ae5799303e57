#!/usr/bin/env python3
"""Run one corpus configuration on one jwtgate checkout (stdlib only).

  ./run.py CHECKOUT CONFIG_DIR [--label NAME]     e.g. ./run.py /work/wt/before 01-denizcankartal-api-gateway
  ./run.py CHECKOUT all [--label NAME]            every <nn>-* directory

Writes results/<label>/<config>.json and work/<label>/<config>/ (the prepared files,
changes.log, check.txt, run.log). Environment: JAVA_HOME (default temurin 25).
"""
import json, os, re, signal, socket, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'tools'))
import crypto_util, prepare, probe, rules  # noqa: E402

JAVA_HOME = os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64')


def start_echo(work):
    d = os.path.join(work, 'echo'); os.makedirs(d, exist_ok=True)
    crt, key = crypto_util.selfsigned(d, ['localhost', '127.0.0.1'])
    ph, ps = prepare.free_port(), prepare.free_port()
    script = os.path.join(HERE, 'tools', 'echo_backend.py')
    procs = [subprocess.Popen([sys.executable, script, str(ph)]),
             subprocess.Popen([sys.executable, script, str(ps), '--tls', crt, key])]
    for p in (ph, ps):
        wait_port(p, 10)
    # the https echo stands for a backend with a publicly trusted certificate: the JVM trusts it
    store = os.path.join(d, 'trust.p12')
    subprocess.run([os.path.join(JAVA_HOME, 'bin', 'keytool'), '-importcert', '-noprompt', '-alias', 'corpus-echo', '-file', crt,
                    '-keystore', store, '-storetype', 'PKCS12', '-storepass', 'changeit'], check=True, capture_output=True)
    os.environ['JWTGATE_JAVA_OPTS'] = f'-Djavax.net.ssl.trustStore={store} -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12'
    return ph, ps, procs


def wait_port(port, timeout, alive=lambda: True):
    end = time.time() + timeout
    while time.time() < end and alive():
        try:
            socket.create_connection(('127.0.0.1', port), 1).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False


def classify_lines(text):
    """Summary lines (ERROR/DIFFERS/WARN at the start) and, deduplicated, log lines at WARN/ERROR level."""
    out = {'ERROR': [], 'DIFFERS': [], 'WARN': [], 'log': []}
    seen = set()
    for ln in text.splitlines():
        s = ln.strip()
        m = re.match(r'^(ERROR|DIFFERS|WARN)\b', s)
        if m:
            if s not in out[m.group(1)]:
                out[m.group(1)].append(s)
            continue
        m = re.match(r'^\S+Z\s+(ERROR|WARN)\s+(.*)$', s)
        if m and m.group(2) not in seen:
            seen.add(m.group(2)); out['log'].append(m.group(1) + ' ' + m.group(2))
    return out


def env():
    e = dict(os.environ, JAVA_HOME=JAVA_HOME, PATH=f"{JAVA_HOME}/bin:" + os.environ.get('PATH', ''))
    return e


def priority(r):
    if r.get('priority') not in (None, '', 0):
        return int(r['priority'])
    return len(r['rule'])


def run_one(checkout, cfg, label):
    cfgdir = os.path.join(HERE, cfg)
    work = os.path.join(HERE, 'work', label, cfg)
    subprocess.run(['rm', '-rf', work]); os.makedirs(work)
    ph, ps, echo_procs = start_echo(work)
    result = {'config': cfg, 'checkout': checkout, 'label': label,
              'commit': subprocess.run(['git', '-C', checkout, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()}
    gw = None
    try:
        prep = prepare.Prep(cfgdir, work, ph, ps)
        if prep.meta['kind'] == 'file':
            prep.prepare_file_kind()
            routers, mws, svcs = probe.file_routers(prep)
        else:
            prep.prepare_crd_kind()
            routers, mws, svcs = probe.crd_routers(prep)
        result['changes'] = prep.changes
        with open(os.path.join(work, 'changes.log'), 'w') as f:
            for c in prep.changes:
                f.write(f"{c['file']}: {c['key']}: {c['old']} -> {c['new']}\n")
        launcher = os.path.join(checkout, 'jwtgate')
        cmd = [launcher, 'check', '-c', prep.static_path] + prep.cli
        chk = subprocess.run(cmd, capture_output=True, text=True, env=env(), timeout=600, cwd=os.path.dirname(prep.static_path))
        out = chk.stdout + chk.stderr
        open(os.path.join(work, 'check.txt'), 'w').write('$ ' + ' '.join(cmd) + '\n' + out + f'\n[exit {chk.returncode}]\n')
        result['check'] = {'exit': chk.returncode, **classify_lines(out)}
        # run
        logf = open(os.path.join(work, 'run.log'), 'w')
        rcmd = [launcher, 'run', '-c', prep.static_path] + prep.cli
        gw = subprocess.Popen(rcmd, stdout=logf, stderr=subprocess.STDOUT, env=env(), cwd=os.path.dirname(prep.static_path),
                              start_new_session=True)
        eps = prep.entrypoints
        up = any(wait_port(p, 120, lambda: gw.poll() is None) for p in list(eps.values())[:1]) if eps else False  # a gateway that exited is not waited for
        time.sleep(3)
        result['started'] = up and gw.poll() is None
        # entry point facts
        static = prep.static
        ep_static = probe.ci(static, 'entryPoints') or {}
        def ep_tls(n):
            return probe.ci(probe.ci(probe.ci(ep_static, n) or {}, 'http') or {}, 'tls') is not None
        def ep_redirect(n):
            return probe.ci(probe.ci(probe.ci(probe.ci(ep_static, n) or {}, 'http') or {}, 'redirections') or {}, 'entryPoint')
        def ep_mws(n):
            return probe.as_list(probe.ci(probe.ci(probe.ci(ep_static, n) or {}, 'http') or {}, 'middlewares'))
        api = probe.ci(static, 'api')
        base_path = (probe.ci(api, 'basePath') if isinstance(api, dict) else None) or ''
        rows = []
        all_eps = list(eps)
        for r in routers:
            row = {'router': r['name'], 'rule': r['rule'], 'service': r['service'], 'middlewares': r['middlewares']}
            rows.append(row)
            if r.get('class') and r['class'] != 'traefik' and r['class'] != (prep.meta.get('static_extra') or {}).get('providers.kubernetesCRD.ingressClass'):
                row.update(verdict='skip', reason=f"ingress class {r['class']}: Traefik's default provider ignores it"); continue
            try:
                node = rules.parse(r['rule'])
            except rules.RuleError as e:
                row.update(verdict='v3-invalid', reason=f'rule invalid in Traefik v3 ({e}); Traefik v3 rejects this router too')
                continue
            if re.search(r'HostRegexp\(`\{', r['rule'], re.I):
                row.update(verdict='v3-nomatch', reason='v2 HostRegexp syntax `{name:re}`: in Traefik v3 it is a literal regex that matches no real host')
                continue
            rep = [e for e in r['entryPoints'] if e in eps] or all_eps
            if not rep:
                row.update(verdict='fail', reason='no entry point'); continue
            ep = rep[0]
            tls = r['tls'] or ep_tls(ep)
            scheme = 'https' if tls else 'http'
            svc = r['service'] if '@' not in r['service'] or r['service'].endswith('@internal') else r['service'].split('@')[0]
            def prefer(p, exact):
                if svc in ('api@internal', 'dashboard@internal') and not exact:
                    low = p.rstrip('/')
                    if low.endswith('/api') or low == '/api':
                        return low + '/overview'
                    if re.search(r'/api/(http|tcp|udp)$', low):
                        return low + '/routers'  # an API group: one of its routes, not a dashboard below it
                    if re.search(r'/api/(rawdata|overview|support-dump|version|entrypoints|certificates)$', low):
                        return low
                    if low.endswith('/dashboard'):
                        return low + '/'
                    return low + (base_path if base_path and not low.endswith(base_path) else '') + '/dashboard/'
                return p
            req = rules.derive(r['rule'], prefer)
            if req is None:
                row.update(verdict='fail', reason='harness found no request matching the rule'); continue
            # who gets this request in Traefik: highest priority among routers on this entry point and TLS-ness
            cands = []
            for o in routers:
                oe = [e for e in o['entryPoints'] if e in eps] or all_eps
                if ep not in oe or bool(o['tls'] or ep_tls(ep)) != tls:
                    continue
                try:
                    if rules.evaluate(rules.parse(o['rule']), req):
                        cands.append(o)
                except rules.RuleError:
                    pass
            winner = max(cands, key=priority) if cands else r
            if winner is not r:
                row['shadowed_by'] = winner['name']
            chain = probe.expand(mws, ep_mws(ep) + winner['middlewares'])
            wsvc = winner['service'] if winner['service'].endswith('@internal') else winner['service'].split('@')[0]
            redirect = ep_redirect(ep) if not tls else None
            exp = probe.expectation(chain, req, scheme, wsvc, prep.creds, redirect)
            if (prep.meta['kind'] == 'file' and not redirect and not wsvc.endswith('@internal') and wsvc not in (svcs or {})):
                # a service no file defines: Traefik does not build the router (404, whatever its middlewares),
                # jwtgate disables it (503); the entry point's own redirection still answers
                exp['kind'] = 'router-error'; exp['notes'].append(f'service {wsvc} is defined nowhere: Traefik disables the router')
            lb = probe.ci((svcs or {}).get(wsvc) or {}, 'loadBalancer') if prep.meta['kind'] == 'file' else None
            urls = [str(probe.ci(x, 'url', '')) for x in probe.as_list(probe.ci(lb, 'servers'))] if isinstance(lb, dict) else []
            if exp['kind'] == 'backend' and urls and all(u.lower().startswith('h2c://') for u in urls):
                # Traefik speaks HTTP/2 with prior knowledge to h2c servers; the echo backend speaks HTTP/1.1 only: 502
                exp['kind'] = 'h2c-to-http1'
            if wsvc == 'api@internal' and exp['kind'] == 'internal-api':
                # Traefik's api@internal routes on the path the middlewares left; a path it has no route for is its 404
                exp['api_served'] = probe.api_internal_serves(exp['path'], base_path,
                                                              str(probe.ci(api, 'dashboard') if isinstance(api, dict) else None).lower() != 'false')
            headers = dict(req['headers']); headers.update(exp['send'])
            if exp['compress']:
                headers['Accept-Encoding'] = 'gzip'
            target = req['path'] + (('?' + req['query']) if req['query'] else '')
            if exp['auth'] and exp['auth'][0] == 'basicauth':
                import base64
                headers['Authorization'] = 'Basic ' + base64.b64encode(f'{exp["auth"][1]}:{exp["auth"][2]}'.encode()).decode()
            resp = probe.send(eps[ep], tls, req['host'], target, req['method'], headers)
            if exp['auth'] and exp['auth'][0] == 'digestauth' and resp.get('status') == 401:
                headers['Authorization'] = probe.digest_header(resp, exp['auth'][1], exp['auth'][2], req['method'], target)
                resp = probe.send(eps[ep], tls, req['host'], target, req['method'], headers)
            ok, why = probe.judge(exp, resp, scheme)
            row.update(entryPoint=ep, tls=tls, request={'host': req['host'], 'path': target, 'method': req['method'], 'headers': headers},
                       expected=exp['kind'], status=resp.get('status'),
                       resp_headers={k: v for k, v in resp.get('headers', []) if k not in ('date', 'content-length')},
                       echo_path=(probe.echo_doc(resp) or {}).get('path'), verdict='runs' if ok else 'fail', reason=why)
            if exp['errors'] and ok and exp['kind'] == 'backend':
                h2 = dict(headers, **{'X-Corpus-Echo-Status': '500'})
                r2 = probe.send(eps[ep], tls, req['host'], target, req['method'], h2)
                doc = probe.echo_doc(r2)
                q = probe.ci(exp['errors'], 'query', '/').replace('{status}', '500')
                st = [s for s in probe.as_list(probe.ci(exp['errors'], 'status'))]
                def covered(code):
                    for s in st:
                        a, _, b = s.partition('-')
                        if int(a) <= code <= int(b or a):
                            return True
                    return False
                if covered(500):
                    good = r2.get('status') == 500 and doc is not None and doc['path'].endswith(q.split('?')[0].split('/')[-1])
                    row['errors_probe'] = {'status': r2.get('status'), 'echo_path': doc and doc['path'], 'expected_path': q}
                    if not good:
                        row.update(verdict='fail', reason=f"errors middleware: backend 500 answered {r2.get('status')} path {doc and doc['path']}, Traefik: 500 with the page from {q}")
                    else:
                        row['reason'] += f'; errors: 500 page from {doc["path"]}'
        result['routers'] = rows
    except Exception as e:  # noqa: BLE001
        import traceback
        result['harness_error'] = traceback.format_exc()
    finally:
        if gw and gw.poll() is None:
            os.killpg(gw.pid, signal.SIGTERM)
            try:
                gw.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(gw.pid, signal.SIGKILL)
        for p in echo_procs:
            p.terminate()
    os.makedirs(os.path.join(HERE, 'results', label), exist_ok=True)
    with open(os.path.join(HERE, 'results', label, cfg + '.json'), 'w') as f:
        json.dump(result, f, indent=1, default=str)
    return result


def main():
    checkout, cfg = sys.argv[1], sys.argv[2]
    label = sys.argv[sys.argv.index('--label') + 1] if '--label' in sys.argv else os.path.basename(checkout.rstrip('/'))
    cfgs = sorted(d for d in os.listdir(HERE) if re.match(r'^\d\d-', d)) if cfg == 'all' else [cfg.rstrip('/')]
    for c in cfgs:
        if not (os.path.isdir(os.path.join(HERE, c, 'orig')) and os.path.exists(os.path.join(HERE, c, 'meta.json'))):
            print(f'{c}: not collected (no orig/ or meta.json): not measured', flush=True)
            continue
        t = time.time()
        r = run_one(checkout, c, label)
        rs = r.get('routers', [])
        print(f"{c}: check exit {r.get('check', {}).get('exit')}, {len(r.get('check', {}).get('ERROR', []))} ERROR, "
              f"{len(r.get('check', {}).get('DIFFERS', []))} DIFFERS, {len(r.get('check', {}).get('WARN', []))} WARN; routers "
              f"{sum(x.get('verdict') == 'runs' for x in rs)}/{len(rs)} run" + (' HARNESS ERROR' if r.get('harness_error') else '')
              + f' ({time.time() - t:.0f}s)', flush=True)


if __name__ == '__main__':
    main()
