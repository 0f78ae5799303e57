#!/usr/bin/env python3
"""Export the corpus configurations from fetched mirrors (/work/.mirror/<owner>+<name>/repo).

Each entry copies files verbatim (git show <commit>:<path>) into <nn>-<name>/orig/<path> and writes
meta.json (how the harness mounts them). SOURCE.md files are written by hand next to them.
Entries whose files came from read_file (no snapshot) or from Traefik's documentation are created
by hand and only listed here for completeness.
"""
import json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAEFIK = 'traefik+traefik'

# id, dir name, mirror, commit, [paths], meta
ENTRIES = [
    ('01', 'denizcankartal-api-gateway', 'denizcankartal+api-gateway', '06a1f46ed154e02701b54c2e7b76fc9b2a65660c',
     ['traefik/config/traefik.yml', 'traefik/config/dynamic.yml', 'traefik/certs/server.crt', 'traefik/certs/server.key'],
     {'kind': 'file', 'static': 'traefik/config/traefik.yml',
      'mounts': {'/etc/traefik/dynamic.yml': 'traefik/config/dynamic.yml', '/etc/traefik/certs': 'traefik/certs'}}),
    ('02', 'grimarch-grimwaves-api', 'grimarch+grimwaves-api', 'c2f9830bc2549bf3956098acfe5539602c59785a',
     ['traefik/traefik.yml', 'traefik/config/dashboard.yml', 'traefik/config/dynamic.yml', 'traefik/config/middlewares.yml'],
     {'kind': 'file', 'static': 'traefik/traefik.yml', 'mounts': {'/etc/traefik/config': 'traefik/config'},
      'creds': {'admin': 'test'}}),
    ('03', 'manojmenon-a3jm', 'manojmenon+a3jm-com-traefik', None,
     ['traefik/traefik.yml', 'traefik/dynamic.yml'],
     {'kind': 'file', 'static': 'traefik/traefik.yml', 'mounts': {'/etc/traefik/dynamic.yml': 'traefik/dynamic.yml'}}),
    ('04', 'bl4ck0z-docker-infrastructure', 'Bl4ck0z+docker-infrastructure', None,
     ['traefik/config/traefik.yml', 'traefik/config/dynamic.yml', 'traefik/docker-compose.yml'],
     {'kind': 'file', 'static': 'traefik/config/traefik.yml', 'mounts': {'/etc/traefik/dynamic.yml': 'traefik/config/dynamic.yml'}}),
    ('06', 'a-local-traefik', 'A+local-traefik', None,
     ['traefik/traefik.yml', 'traefik/dynamic.yml'],
     {'kind': 'file', 'static': 'traefik/traefik.yml', 'mounts': {'/etc/traefik/dynamic.yml': 'traefik/dynamic.yml'}}),
    ('07', 'bilalalpaslan-gateway-opa', 'BilalAlpaslan+gateway-authn-and-authz', None,
     ['traefik/traefik.yml', 'traefik/dynamic.yml', 'traefik/Dockerfile'],
     {'kind': 'file', 'static': 'traefik/traefik.yml', 'mounts': {'/etc/traefik/dynamic.yml': 'traefik/dynamic.yml'}}),
    ('08', 'gsinghjay-mvp-qr-gen', 'gsinghjay+mvp_qr_gen', None,
     ['traefik.yml', 'dynamic_conf.yml'],
     {'kind': 'file', 'static': 'traefik.yml', 'mounts': {'/etc/traefik/dynamic_conf.yml': 'dynamic_conf.yml'}}),
    ('09', 'lnorton89-traefikv2config', 'lnorton89+traefikv2config', None,
     ['traefik.yml', 'dynamic_conf.yml'],
     {'kind': 'file', 'static': 'traefik.yml', 'mounts': {}, 'creds': {'admin': 'passw0rd'}}),
    ('10', 'codeandship-traefik-playground', 'codeandship+traefik-playground', None,
     ['traefik.yml', 'dynamic_conf.yml'],
     {'kind': 'file', 'static': 'traefik.yml', 'mounts': {}, 'creds': {'test': 'test'}}),
    ('11', 'credfeto-traefic', 'credfeto+credfeto-traefic', None,
     ['traefik.yml', 'dynamic_conf.yml', 'docker-compose.yml'],
     {'kind': 'file', 'static': 'traefik.yml', 'mounts': {'/etc/traefik/dynamic_conf.yml': 'dynamic_conf.yml'}}),
    ('12', 'joebuildsstuff-homelab-dynamic', 'JoeBuildsStuff+homelab-dynamic', None,
     ['traefik/traefik.yml', 'traefik/dynamic/routers.yml'],
     {'kind': 'file', 'static': 'traefik/traefik.yml', 'mounts': {'/traefik/dynamic': 'traefik/dynamic'}}),
    ('13', 'wibson82-conexao-de-sorte', 'Wibson82+conexao-de-sorte-traefik-infraestrutura', None,
     ['traefik/traefik.yml'] + ['traefik/dynamic/' + f for f in (
         'api-routes-modern.yml', 'backend-routes.yml', 'frontend-routes-modern.yml', 'frontend-routes.yml',
         'health-monitor.yml', 'main-routes.yml', 'microservices-routes.yml', 'middlewares.yml',
         'monitoring-advanced.yml', 'security-headers.yml', 'tls.yml')],
     {'kind': 'file', 'static': 'traefik/traefik.yml', 'mounts': {'/etc/traefik/dynamic': 'traefik/dynamic'}}),
    ('14', 'jcollie-paperless-ngx', 'jcollie+kubernetes-paperless-ngx', None,
     ['ingressroute.yaml', 'traefik-middleware.yaml'],
     {'kind': 'crd', 'manifests': ['ingressroute.yaml', 'traefik-middleware.yaml']}),
    ('15', 'll-sanmu-canary-demo', 'LL-sanmu-LL+canary-demo', None,
     ['ingressroute.yaml', 'traefik_service.yaml'],
     {'kind': 'crd', 'manifests': ['ingressroute.yaml', 'traefik_service.yaml']}),
    ('23', 'docs-crd-acme', TRAEFIK, 'v3.6.0',
     ['docs/content/user-guides/crd-acme/02-services.yml', 'docs/content/user-guides/crd-acme/03-deployments.yml',
      'docs/content/user-guides/crd-acme/04-ingressroutes.yml', 'docs/content/user-guides/crd-acme/05-tlsoption.yml'],
     {'kind': 'crd', 'static_file': 'static-from-args.yml', 'manifests': ['docs/content/user-guides/crd-acme/04-ingressroutes.yml',
                                   'docs/content/user-guides/crd-acme/05-tlsoption.yml',
                                   'docs/content/user-guides/crd-acme/02-services.yml']}),
]


# 23: the container args of 03-deployments.yml (Traefik's CLI form) written as the static file, key by key
STATIC_FROM_ARGS = {'23': '''# collector: the args of docs/content/user-guides/crd-acme/03-deployments.yml, one key per argument
api:
  insecure: true
accessLog: {}
entryPoints:
  web:
    address: ":8000"
  websecure:
    address: ":4443"
providers:
  kubernetesCRD: {}
certificatesResolvers:
  myresolver:
    acme:
      tlsChallenge: {}
      email: foo@you.com
      storage: acme.json
      caServer: https://acme-staging-v02.api.letsencrypt.org/directory
'''}


def git(repo, *args):
    return subprocess.run(['git', '-C', f'/work/.mirror/{repo}/repo'] + list(args),
                          capture_output=True, check=True).stdout


def main():
    for nid, name, repo, commit, paths, meta in ENTRIES:
        d = os.path.join(ROOT, f'{nid}-{name}')
        if not os.path.isdir(f'/work/.mirror/{repo}/repo'):
            print(nid, name, 'no mirror: not collected'); continue
        # the commit SOURCE.md records (the mirror's HEAD may have moved on since)
        src = os.path.join(d, 'SOURCE.md')
        m = re.search(r'^- Commit: ([0-9a-f]{40})', open(src).read(), re.M) if os.path.exists(src) else None
        commit = m.group(1) if m else commit or git(repo, 'rev-parse', 'HEAD').decode().strip()
        if len(commit) != 40:
            commit = git(repo, 'rev-parse', commit + '^{commit}').decode().strip()
        for p in paths:
            out = os.path.join(d, 'orig', p)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, 'wb') as f:
                f.write(git(repo, 'show', f'{commit}:{p}'))
        if nid in STATIC_FROM_ARGS:
            with open(os.path.join(d, 'orig', 'static-from-args.yml'), 'w') as f:
                f.write(STATIC_FROM_ARGS[nid])
        meta = dict(meta, repo=repo.replace('+', '/', 1), commit=commit, files=paths)
        with open(os.path.join(d, 'meta.json'), 'w') as f:
            json.dump(meta, f, indent=2)
        print(nid, name, commit[:10])


if __name__ == '__main__':
    main()
