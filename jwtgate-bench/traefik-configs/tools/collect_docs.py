#!/usr/bin/env python3
"""Export the corpus entries taken from Traefik's documentation (and the two hand-copied repositories
whose source is reachable as a mirror) into <nn>-<name>/orig/, and write their meta.json.

The first run's orig/ for these entries was copied by hand and not kept; this script re-creates them from
the commit SOURCE.md names, so a re-run no longer depends on hand work. Documentation blocks are taken
verbatim (the fenced block's text); what the collector adds (static files, wrapper routers, renames of
middleware names that collide between pages) is written here and named in each entry's `collector` note.

  tools/collect_docs.py            # all entries below whose mirror is present
"""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAEFIK = '/work/.mirror/traefik+traefik/repo'
DOCS = 'fd5a576df2e8aeb0bfc8a96b6ef6e60a61f7ec0a'
MW = 'docs/content/reference/routing-configuration/http/middlewares/'
K8S = 'docs/content/expose/kubernetes/'


def show(commit, path, mirror=TRAEFIK):
    return subprocess.run(['git', '-C', mirror, 'show', f'{commit}:{path}'], capture_output=True, check=True, text=True).stdout


def block_at(path, line, commit=DOCS):
    """The fenced block whose opening fence is on `line` (1-based) of the page."""
    lines = show(commit, path).splitlines(keepends=True)
    assert lines[line - 1].startswith('```'), (path, line, lines[line - 1])
    out = []
    for ln in lines[line:]:
        if ln.startswith('```'):
            return ''.join(out)
        out.append(ln)
    raise ValueError(f'unterminated block {path}:{line}')


def first_yaml(path, tabs=('Structured (YAML)', 'File (YAML)'), commit=DOCS):
    lines = show(commit, path).splitlines()
    for i, ln in enumerate(lines, 1):
        if ln.startswith('```yaml') and any(f'tab="{t}"' in ln for t in tabs):
            return block_at(path, i, commit)
    raise ValueError(f'no YAML block in {path}')


def without_key(text, key):
    """Drop `key:` and everything indented below it (rateLimit's redis block)."""
    out, skip = [], None
    for ln in text.splitlines(keepends=True):
        ind = len(ln) - len(ln.lstrip())
        if skip is not None and (ind > skip or not ln.strip()):
            continue
        skip = None
        if ln.strip().startswith(key + ':'):
            skip = ind
            continue
        out.append(ln)
    return ''.join(out)


def write(d, rel, text):
    p = os.path.join(ROOT, d, 'orig', rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(text)


FILE_STATIC = 'providers:\n  file:\n    directory: /etc/traefik/dynamic\n'


def docs_dashboard(d, page, static_api):
    write(d, 'dynamic/dashboard.yml', block_at(page[0], page[1]))
    write(d, 'static.yml', static_api + FILE_STATIC)
    return {'kind': 'file', 'static': 'static.yml', 'mounts': {'/etc/traefik/dynamic': 'dynamic'}, 'creds': {'test': 'test'}}


def e17(d):
    return docs_dashboard(d, ('docs/content/operations/include-dashboard-examples.md', 54), 'api: {}\n')


def e18(d):
    return docs_dashboard(d, ('docs/content/operations/include-dashboard-custom-path-examples.md', 54), 'api:\n  basePath: /traefik\n')


def e19(d):
    write(d, 'dynamic/dynamic.yml', block_at('docs/content/reference/install-configuration/providers/others/file.md', 41))
    write(d, 'static.yml', 'entryPoints:\n  web:\n    address: ":80"\n' + FILE_STATIC)
    return {'kind': 'file', 'static': 'static.yml', 'mounts': {'/etc/traefik/dynamic': 'dynamic'}, 'creds': {'test': 'test'},
            'usersfiles': {'etc/traefik/.htpasswd': {'alice': 'alicepw'}}}


def e20(d):
    write(d, 'dynamic/chain.yml', block_at(MW + 'chain.md', 13))
    write(d, 'static.yml', 'entryPoints:\n  web:\n    address: ":80"\n' + FILE_STATIC)
    return {'kind': 'file', 'static': 'static.yml', 'mounts': {'/etc/traefik/dynamic': 'dynamic'}, 'creds': {'test': 'test'}}


def services_basic(d):
    write(d, 'whoami.yaml', block_at(K8S + 'basic.md', 24))
    write(d, 'whoami-api.yaml', block_at(K8S + 'basic.md', 167))
    return ['whoami.yaml', 'whoami-api.yaml']


def e21(d):
    write(d, 'whoami-ingressroute.yaml', block_at(K8S + 'basic.md', 394))
    return {'kind': 'crd', 'manifests': services_basic(d) + ['whoami-ingressroute.yaml'],
            'secrets': [{'name': 'whoami-tls', 'namespace': 'default', 'type': 'kubernetes.io/tls'}]}


def e22(d):
    write(d, 'middlewares.yaml', block_at(K8S + 'advanced.md', 27))
    write(d, 'whoami-ingressroute.yaml', block_at(K8S + 'advanced.md', 216))
    return {'kind': 'crd', 'manifests': services_basic(d) + ['middlewares.yaml', 'whoami-ingressroute.yaml'], 'static_resolver': 'le'}


def e24(d):
    write(d, 'middlewares.yaml', block_at(K8S + 'advanced.md', 27))
    write(d, 'whoami-sticky-service.yaml', block_at(K8S + 'advanced.md', 462))
    write(d, 'whoami-ingressroute.yaml', block_at(K8S + 'advanced.md', 488))
    return {'kind': 'crd', 'manifests': services_basic(d) + ['middlewares.yaml', 'whoami-sticky-service.yaml', 'whoami-ingressroute.yaml'],
            'static_resolver': 'le'}


def block_yaml(v, ind=0):
    """Block-style YAML of maps, lists and strings (the harness's miniyaml reads no flow maps)."""
    pad = '  ' * ind
    if isinstance(v, dict):
        return ''.join(f'{pad}{k}:\n' + block_yaml(x, ind + 1) if isinstance(x, (dict, list)) else f'{pad}{k}: {json.dumps(x)}\n'
                       for k, x in v.items())
    out = ''
    for x in v:
        if isinstance(x, dict):  # "- key: value" with the rest of the map under it
            body = block_yaml(x, ind + 1)
            out += pad + '- ' + body[len(pad) + 2:]
        else:
            out += f'{pad}- {json.dumps(x)}\n'
    return out


def middleware_pages(d, pages):
    """One file per documentation block (verbatim but for renames of names that collide), plus the collector's
    routers.yml: one router per middleware, Host(`<middleware>.example.com`), all to one service."""
    routers, seen = {}, {}
    for page, idx, renames, drop in pages:
        blocks = []
        text = show(DOCS, MW + page)
        lines = text.splitlines()
        for i, ln in enumerate(lines, 1):
            if ln.startswith('```yaml') and ('tab="Structured (YAML)"' in ln or 'tab="File (YAML)"' in ln):
                blocks.append(block_at(MW + page, i))
        for n in idx:
            b = blocks[n]
            if drop:
                b = without_key(b, drop)
            for old, new in renames.items():
                b = re.sub(rf'^(\s+){re.escape(old)}:', rf'\g<1>{new}:', b, count=1, flags=re.M)
            names = re.findall(r'^  middlewares:\n    ([\w-]+):', b, re.M)
            assert names and names[0] not in seen, (page, n, names)
            seen[names[0]] = page
            write(d, f'dynamic/{page[:-3]}-{n + 1}.yml', b)
            routers[names[0]] = {'rule': f'Host(`{names[0].lower()}.example.com`)', 'service': 'corpus-whoami', 'middlewares': [names[0]]}
    wrap = {'http': {'routers': routers, 'services': {'corpus-whoami': {'loadBalancer': {'servers': [{'url': 'http://whoami:80'}]}}}}}
    if any(p == 'errorpages.md' for p, *_ in pages):
        wrap['http']['services']['error-handler-service'] = {'loadBalancer': {'servers': [{'url': 'http://error-pages:80'}]}}
    write(d, 'dynamic/routers.yml', '# collector wrapper (not from the documentation)\n' + block_yaml(wrap))
    write(d, 'static.yml', 'entryPoints:\n  web:\n    address: ":80"\n' + FILE_STATIC)
    return {'kind': 'file', 'static': 'static.yml', 'mounts': {'/etc/traefik/dynamic': 'dynamic'}, 'creds': {'test': 'test'}}


def e25(d):
    return middleware_pages(d, [
        ('headers.md', [0], {'testHeader': 'testHeader-custom'}, None),
        ('headers.md', [1], {'testHeader': 'testHeader-removal'}, None),
        ('headers.md', [2], {'testHeader': 'testHeader-security'}, None),
        ('headers.md', [3], {'testHeader': 'testHeader-cors'}, None),
        ('compress.md', [0], {}, None), ('retry.md', [0], {}, None), ('circuitbreaker.md', [0], {}, None),
        ('ratelimit.md', [0], {}, 'redis'), ('inflightreq.md', [0], {}, None), ('buffering.md', [0], {}, None),
        ('contenttype.md', [0], {}, None)])


def e26(d):
    return middleware_pages(d, [
        ('errorpages.md', [0], {}, None),  # its `services:` holds only a comment (kept: an empty section, read as Go reads it since 1e6d336); the wrapper defines the service
        ('forwardauth.md', [0], {'test-auth': 'test-forwardauth'}, None),
        ('redirectregex.md', [0], {}, None), ('redirectscheme.md', [0], {}, None), ('stripprefixregex.md', [0], {}, None),
        ('stripprefix.md', [0], {}, None), ('addprefix.md', [0], {}, None), ('replacepath.md', [0], {}, None),
        ('replacepathregex.md', [0], {}, None), ('ipallowlist.md', [0], {}, None),
        ('digestauth.md', [0], {'test-auth': 'test-digestauth'}, None), ('basicauth.md', [0], {'test-auth': 'test-basicauth'}, None),
        ('grpcweb.md', [0], {}, None)])


KASJ = '/work/.mirror/kasjayatissa+kasj-live/repo'


def e16(d):
    page = 'docs/01-homelab-services/06-traefikdash.md'
    commit = 'b2744c353b8cebb0d0aa7a2e6ebb416760da8092'
    lines = show(commit, page, KASJ).splitlines()
    fences = [i for i, ln in enumerate(lines, 1) if ln.startswith('```yaml')]
    def blk(n):
        out = []
        for ln in lines[fences[n]:]:
            if ln.startswith('```'):
                return '\n'.join(out) + '\n'
            out.append(ln)
    # blocks: middleware.yaml, the redacted Secret (generated by the harness instead), traefik-ingress.yaml
    write(d, 'middleware.yaml', blk(0))
    write(d, 'traefik-ingress.yaml', blk(2))
    return {'kind': 'crd', 'manifests': ['middleware.yaml', 'traefik-ingress.yaml'],
            'secrets': [{'name': 'traefik-dashboard-auth', 'namespace': 'traefik', 'type': 'Opaque', 'users': {'kas': 'kaspass'}},
                        {'name': 'local-kasj-live-tls', 'namespace': 'traefik', 'type': 'kubernetes.io/tls'}],
            'static_extra': {'providers.kubernetesCRD.ingressClass': 'traefik-external'},
            'repo': 'kasjayatissa/kasj-live', 'commit': commit, 'files': [page]}


ENTRIES = {'16': e16, '17': e17, '18': e18, '19': e19, '20': e20, '21': e21, '22': e22, '24': e24, '25': e25, '26': e26}


def main():
    want = set(sys.argv[1:]) or set(ENTRIES)
    for d in sorted(os.listdir(ROOT)):
        nid = d[:2]
        if nid in ENTRIES and nid in want:
            subprocess.run(['rm', '-rf', os.path.join(ROOT, d, 'orig')])
            meta = ENTRIES[nid](d)
            meta = dict(dict(repo='traefik/traefik', commit=DOCS), **meta, reconstructed=True)
            with open(os.path.join(ROOT, d, 'meta.json'), 'w') as f:
                json.dump(meta, f, indent=2)
            print(nid, d, 'orig/:', sorted(os.path.relpath(os.path.join(r, x), os.path.join(ROOT, d, 'orig'))
                                          for r, _, fs in os.walk(os.path.join(ROOT, d, 'orig')) for x in fs))


if __name__ == '__main__':
    main()
