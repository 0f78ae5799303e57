"""Mechanical preparation of one corpus configuration for this machine (every edit is logged).

Only these edits are made: entry point addresses -> 127.0.0.1 free ports; backend server URLs and
forwardAuth addresses -> the local echo backend; file paths (certificates, users files, log files,
ACME storage, the provider's file/directory) -> local copies or generated files. For Kubernetes
manifests, a static file is written (entry points + the manifest-directory provider with
serviceAddresses mapping every Service to the echo backend) and missing Secrets are generated.
"""
import base64, crypto_util, json, os, re, shutil, socket, subprocess
import miniyaml as Y


def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p


def dget(d, *path):
    for p in path:
        if not isinstance(d, dict):
            return None
        # Traefik keys are case-insensitive
        hit = [k for k in d if k.lower() == p.lower()]
        d = d[hit[0]] if hit else None
    return d


def ci(d, key):
    if not isinstance(d, dict):
        return None
    for k in d:
        if k.lower() == key.lower():
            return d[k]
    return None


class Prep:
    def __init__(self, cfgdir, work, echo_http, echo_https):
        self.cfgdir, self.work = cfgdir, work
        self.meta = json.load(open(os.path.join(cfgdir, 'meta.json')))
        self.echo_http, self.echo_https = echo_http, echo_https
        self.changes = []
        self.creds = dict(self.meta.get('creds', {}))
        self.cli = []
        self.hosts = set()
        self.gencert = None

    def log(self, where, what, old, new):
        self.changes.append({'file': where, 'key': what, 'old': str(old), 'new': str(new)})

    def local(self, rel):
        return os.path.join(self.work, 'files', rel)

    def cert(self):
        if not self.gencert:
            d = os.path.join(self.work, 'gen')
            os.makedirs(d, exist_ok=True)
            self.gencert = crypto_util.selfsigned(d, sorted(self.hosts | {'localhost'}))
        return self.gencert

    # ---- mounts: container path -> local path
    def map_path(self, p, base_rel_dir):
        mounts = self.meta.get('mounts', {})
        for cpath, rel in sorted(mounts.items(), key=lambda x: -len(x[0])):
            if p == cpath or p.startswith(cpath.rstrip('/') + '/'):
                if rel == '@gencert':
                    return None
                if isinstance(rel, list):
                    return os.path.join(self.work, 'mnt', cpath.strip('/'))
                return self.local(rel + p[len(cpath):])
        if not p.startswith('/'):
            cand = self.local(os.path.normpath(os.path.join(base_rel_dir, p)))
            if os.path.exists(cand):
                return cand
        return None

    def build_mount_dirs(self):
        for cpath, rel in self.meta.get('mounts', {}).items():
            if isinstance(rel, list):
                d = os.path.join(self.work, 'mnt', cpath.strip('/'))
                os.makedirs(d, exist_ok=True)
                for r in rel:
                    shutil.copy(self.local(r), d)

    # ---- static file
    def prepare_file_kind(self):
        shutil.copytree(os.path.join(self.cfgdir, 'orig'), os.path.join(self.work, 'files'))
        self.build_mount_dirs()
        srel = self.meta['static']
        spath = self.local(srel)
        text = open(spath).read()
        static = Y.load(text) or {}
        self.static = static
        edits = []
        eps = ci(static, 'entryPoints') or {}
        self.entrypoints = {}
        for name, ep in eps.items():
            addr = ci(ep, 'address') if isinstance(ep, dict) else None
            port = free_port()
            if addr is not None:
                suffix = ''
                m = re.search(r'(/tcp|/udp)$', addr)
                if m:
                    suffix = m.group(1)
                new = f'127.0.0.1:{port}{suffix}'
                edits.append((addr, new if not addr.quoted else new))
                self.log(srel, f'entryPoints.{name}.address', addr, new)
            else:
                raise RuntimeError(f'entry point {name} without address')
            self.entrypoints[name] = port
        add = []
        if not eps:
            port = free_port()
            add.append(('http', port))
            self.log(srel, 'entryPoints.http.address (added)', "(no entryPoints: Traefik's default entry point http on :80)", f'127.0.0.1:{port}')
            self.entrypoints['http'] = port
        api = ci(static, 'api')
        ping, prom = ci(static, 'ping'), dget(static, 'metrics', 'prometheus')
        def internal_ep(sec):
            return isinstance(sec, dict) and str(ci(sec, 'manualRouting')).lower() != 'true' and (ci(sec, 'entryPoint') or 'traefik') == 'traefik'
        needs = (isinstance(api, dict) and str(ci(api, 'insecure')).lower() == 'true') or ('ping' in [k.lower() for k in static] and (ping is None or internal_ep(ping))) or internal_ep(prom)
        if needs and not any(k.lower() == 'traefik' for k in self.entrypoints):
            port = free_port()
            add.append(('traefik', port))
            self.log(srel, 'entryPoints.traefik.address (added)', '(unset: Traefik creates entry point traefik on :8080 for api.insecure/ping/metrics)', f'127.0.0.1:{port}')
            self.entrypoints['traefik'] = port
        # log files, acme storage
        for key in ('log', 'accessLog'):
            sec = ci(static, key)
            fp = ci(sec, 'filePath') if isinstance(sec, dict) else None
            if fp and not fp.startswith('/dev/'):
                new = os.path.join(self.work, 'logs', os.path.basename(fp))
                os.makedirs(os.path.dirname(new), exist_ok=True)
                edits.append((fp, new)); self.log(srel, f'{key}.filePath', fp, new)
        for rname, r in (ci(static, 'certificatesResolvers') or {}).items():
            st = dget(r, 'acme', 'storage')
            if st:
                new = os.path.join(self.work, 'acme', os.path.basename(st))
                os.makedirs(os.path.dirname(new), exist_ok=True)
                edits.append((st, new)); self.log(srel, f'certificatesResolvers.{rname}.acme.storage', st, new)
        # file provider
        fprov = dget(static, 'providers', 'file')
        self.dynamic_files = []
        if isinstance(fprov, dict):
            fn, dr = ci(fprov, 'filename'), ci(fprov, 'directory')
            if fn:
                lp = self.map_path(fn, os.path.dirname(srel)) or self.local(os.path.join(os.path.dirname(srel), fn))
                edits.append((fn, lp)); self.log(srel, 'providers.file.filename', fn, lp)
                self.dynamic_files.append(lp)
            if dr:
                lp = self.map_path(dr, os.path.dirname(srel))
                if lp is None:
                    raise RuntimeError(f'no mount for directory {dr}')
                edits.append((dr, lp)); self.log(srel, 'providers.file.directory', dr, lp)
                for root, _, files in os.walk(lp):
                    for f in sorted(files):
                        if f.endswith(('.yml', '.yaml', '.toml')):
                            self.dynamic_files.append(os.path.join(root, f))
        text = Y.rewrite(text, edits)
        if add:
            lines = text.split('\n')
            idx = next((i for i, l in enumerate(lines) if re.match(r'^entryPoints\s*:', l, re.I)), None)
            new = [f'  {n}:\n    address: "127.0.0.1:{p}"' for n, p in add]
            if idx is None:
                lines += ['entryPoints:'] + new
            else:
                lines[idx + 1:idx + 1] = new
            text = '\n'.join(lines) + '\n'
        open(spath, 'w').write(text)
        self.static_path = spath
        self.dynamic = {'http': {'routers': {}, 'middlewares': {}, 'services': {}}}
        for f in self.dynamic_files:
            self.prepare_dynamic(f)

    def rel(self, p):
        return os.path.relpath(p, self.work)

    def prepare_dynamic(self, path):
        text = open(path).read()
        doc = Y.load(text) or {}
        http = ci(doc, 'http') or {}
        for r in (ci(http, 'routers') or {}).values():
            rule = ci(r, 'rule') or ''
            self.hosts.update(re.findall(r'Host\(`([^`]+)`', rule))
        edits = []
        where = self.rel(path)
        for sname, s in (ci(http, 'services') or {}).items():
            for i, srv in enumerate(dget(s, 'loadBalancer', 'servers') or []):
                url = ci(srv, 'url')
                if url is None:
                    continue
                m = re.match(r'^(?:(https?|h2c)://)?([^/]*)(.*)$', url)
                scheme = m.group(1) or 'http'
                port = self.echo_https if scheme == 'https' else self.echo_http
                new = f'{scheme}://127.0.0.1:{port}{m.group(3)}'
                edits.append((url, new)); self.log(where, f'http.services.{sname}.loadBalancer.servers[{i}].url', url, new)
        for mname, mw in (ci(http, 'middlewares') or {}).items():
            fa = ci(mw, 'forwardAuth')
            if isinstance(fa, dict) and ci(fa, 'address'):
                a = ci(fa, 'address')
                m = re.match(r'^(https?)://([^/]*)(.*)$', a)
                if m:
                    port = self.echo_https if m.group(1) == 'https' else self.echo_http
                    new = f'{m.group(1)}://127.0.0.1:{port}{m.group(3)}'
                    edits.append((a, new)); self.log(where, f'http.middlewares.{mname}.forwardAuth.address', a, new)
            for kind in ('basicAuth', 'digestAuth'):
                ba = ci(mw, kind)
                uf = ci(ba, 'usersFile') if isinstance(ba, dict) else None
                if uf and not uf.startswith('__'):
                    lp = self.map_path(uf, os.path.dirname(self.rel(path))[len('files/'):] if self.rel(path).startswith('files/') else '')
                    if lp is None or not os.path.exists(lp):
                        lp = os.path.join(self.work, 'gen', 'users-' + re.sub(r'\W', '_', mname))
                        users = self.meta.get('usersfiles', {}).get(uf, {'corpus': 'corpuspw'})
                        crypto_util.users_file(lp, users, digest=(kind == 'digestAuth'))
                        self.creds.update(users)
                        self.log(where, f'http.middlewares.{mname}.{kind}.usersFile', uf, lp + f' (generated, users {sorted(users)})')
                    else:
                        self.log(where, f'http.middlewares.{mname}.{kind}.usersFile', uf, lp + ' (local copy)')
                    edits.append((uf, lp))
        tls = ci(doc, 'tls') or {}
        certs = list(enumerate(ci(tls, 'certificates') or []))
        for sname, st in (ci(tls, 'stores') or {}).items():
            dc = ci(st, 'defaultCertificate')
            if isinstance(dc, dict):
                certs.append((f'stores.{sname}.defaultCertificate', dc))
        for i, c in certs:
            for key in ('certFile', 'keyFile'):
                v = ci(c, key)
                if not v:
                    continue
                lp = self.map_path(v, '')
                if lp is None or not os.path.exists(lp):
                    crt, keyf = self.cert()
                    lp = crt if key == 'certFile' else keyf
                    self.log(where, f'tls.certificates[{i}].{key}' if isinstance(i, int) else f'tls.{i}.{key}', v, lp + ' (generated self-signed)')
                else:
                    self.log(where, f'tls.certificates[{i}].{key}' if isinstance(i, int) else f'tls.{i}.{key}', v, lp + ' (local copy)')
                edits.append((v, lp))
        for oname, o in (ci(tls, 'options') or {}).items():
            cas = dget(o, 'clientAuth', 'caFiles') or []
            for i, v in enumerate(cas):
                crt, _ = self.cert()
                edits.append((v, crt)); self.log(where, f'tls.options.{oname}.clientAuth.caFiles[{i}]', v, crt + ' (generated)')
        open(path, 'w').write(Y.rewrite(text, edits))
        # merged view for the probes: the first file (by name) defining a name wins, as Traefik's directory
        # provider merges (provider.ResourceStrategySkipDuplicates: later duplicates are skipped with a warning)
        for sect in ('routers', 'middlewares', 'services'):
            for k, v in (ci(http, sect) or {}).items():
                self.dynamic['http'][sect].setdefault(k, Y.to_plain(v))
        self.dynamic.setdefault('tls', {}).update(Y.to_plain(tls) if tls else {})

    # ---- Kubernetes manifests
    def prepare_crd_kind(self):
        shutil.copytree(os.path.join(self.cfgdir, 'orig'), os.path.join(self.work, 'files'))
        mdir = os.path.join(self.work, 'manifests')
        os.makedirs(mdir)
        docs = []
        for rel in self.meta['manifests']:
            shutil.copy(self.local(rel), mdir)
            docs += [Y.to_plain(d) for d in Y.load_all(open(self.local(rel)).read()) if d]
        self.k8s = docs
        for d in docs:
            if d.get('kind') == 'IngressRoute':
                for r in d['spec'].get('routes', []):
                    self.hosts.update(re.findall(r'Host\(`([^`]+)`', r.get('match', '')))
        # secrets the manifests refer to but do not contain
        lines = []
        for s in self.meta.get('secrets', []):
            if s['type'] == 'kubernetes.io/tls':
                crt, key = self.cert()
                data = {'tls.crt': base64.b64encode(open(crt, 'rb').read()).decode(),
                        'tls.key': base64.b64encode(open(key, 'rb').read()).decode()}
            else:
                data = {'users': base64.b64encode(crypto_util.users_text(s['users']).encode()).decode()}
                self.creds.update(s['users'])
            lines.append({'apiVersion': 'v1', 'kind': 'Secret', 'metadata': {'name': s['name'], 'namespace': s['namespace']},
                          'type': s['type'], 'data': data})
            self.log('manifests/generated-secrets.json', f"Secret {s['namespace']}/{s['name']}", '(not in the source: redacted or created by kubectl)', f"generated {s['type']}")
        if lines:
            with open(os.path.join(mdir, 'generated-secrets.json'), 'w') as f:
                f.write('\n'.join(json.dumps(x) for x in lines) if len(lines) == 1 else json.dumps({'apiVersion': 'v1', 'kind': 'List', 'items': lines}))
            if len(lines) > 1:
                os.remove(os.path.join(mdir, 'generated-secrets.json'))
                for i, x in enumerate(lines):
                    with open(os.path.join(mdir, f'generated-secret-{i}.json'), 'w') as f:
                        json.dump(x, f)
        # service addresses
        addrs = {}
        def add(ns, name, port, scheme='http'):
            if name.endswith('@internal'):
                return
            key = f'{ns}/{name}:{port}'
            url = f"{'https' if scheme == 'https' else 'http'}://127.0.0.1:{self.echo_https if scheme == 'https' else self.echo_http}"
            addrs[key] = url
        tsvc = {(d['metadata'].get('namespace', 'default'), d['metadata']['name']) for d in docs if d.get('kind') == 'TraefikService'}
        for d in docs:
            ns = d.get('metadata', {}).get('namespace', 'default')
            if d.get('kind') == 'IngressRoute':
                for r in d['spec'].get('routes', []):
                    for s in r.get('services', []):
                        if s.get('kind') != 'TraefikService' and (s.get('namespace', ns), s['name']) not in tsvc:
                            add(s.get('namespace', ns), s['name'], s.get('port'), s.get('scheme', 'http'))
            if d.get('kind') == 'TraefikService':
                for s in (d['spec'].get('weighted') or {}).get('services', []):
                    if s.get('kind') != 'TraefikService':
                        add(s.get('namespace', ns), s['name'], s.get('port'))
        for k, v in addrs.items():
            self.log('static (written by the harness)', f'providers.kubernetesCRD.serviceAddresses["{k}"]', '(cluster Service)', v)
        # static file
        if self.meta.get('static_file'):
            srel = self.meta['static_file']
            text = open(self.local(srel)).read()
            static = Y.to_plain(Y.load(text))
            self.log(srel, '(whole file)', '(container args)', 'static file written from the args, see SOURCE.md')
        else:
            static = {'entryPoints': {'web': {'address': ':80'}, 'websecure': {'address': ':443', 'http': {'tls': {}}}},
                      'api': {'dashboard': True}, 'providers': {'kubernetesCRD': {}}}
            if self.meta.get('static_resolver'):
                static['certificatesResolvers'] = {self.meta['static_resolver']: {'acme': {
                    'email': 'your-email@example.com', 'storage': '/data/acme.json', 'httpChallenge': {'entryPoint': 'web'}}}}
            self.log('static (written by the harness)', '(whole file)', '(Helm chart defaults)', 'web :80, websecure :443 with TLS, api dashboard, kubernetesCRD' + (', certificatesResolvers ' + self.meta['static_resolver'] if self.meta.get('static_resolver') else ''))
        self.static = static
        self.entrypoints = {}
        for name, ep in static.get('entryPoints', {}).items():
            port = free_port()
            self.log('static', f'entryPoints.{name}.address', ep.get('address'), f'127.0.0.1:{port}')
            ep['address'] = f'127.0.0.1:{port}'
            self.entrypoints[name] = port
        if str(static.get('api', {}).get('insecure')).lower() == 'true' and 'traefik' not in self.entrypoints:
            port = free_port()
            static['entryPoints']['traefik'] = {'address': f'127.0.0.1:{port}'}
            self.log('static', 'entryPoints.traefik.address', '(unset: Traefik creates entry point traefik on :8080 for api.insecure/ping/metrics)', f'127.0.0.1:{port}')
            self.entrypoints['traefik'] = port
        for rname, r in (static.get('certificatesResolvers') or {}).items():
            st = r.get('acme', {}).get('storage')
            if st:
                new = os.path.join(self.work, 'acme', os.path.basename(st)); os.makedirs(os.path.dirname(new), exist_ok=True)
                r['acme']['storage'] = new; self.log('static', f'certificatesResolvers.{rname}.acme.storage', st, new)
        kc = static['providers'].setdefault('kubernetesCRD', {}) or {}
        static['providers']['kubernetesCRD'] = kc
        kc['directory'] = mdir
        kc['serviceAddresses'] = addrs
        self.log('static', 'providers.kubernetesCRD.directory', '(API server)', mdir)
        for k, v in self.meta.get('static_extra', {}).items():
            parts = k.split('.')
            cur = static
            for p in parts[:-1]:
                cur = cur.setdefault(p, {})
            cur[parts[-1]] = v
            self.log('static', k, '(Helm value of the source)', v)
        self.static_path = os.path.join(self.work, 'static.yml')
        with open(self.static_path, 'w') as f:
            json.dump(static, f, indent=2)  # JSON is YAML
