#!/usr/bin/env python3
"""Write <nn>-<name>/SOURCE.md from meta.json and the descriptions below."""
import json, os, re
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = {
 '01': ('API gateway demo (Traefik v3.1 in docker-compose, file provider only)', 'rateLimit, circuitBreaker, headers (custom response), redirectScheme, noop@internal, ping (manualRouting), prometheus on the traefik entry point, api.insecure, TLS certificates from files, tls.options default (minVersion, cipherSuites), accessLog fields/filters', 'traefik/config/traefik.yml is the static file; docker-compose mounts traefik/config/dynamic.yml as /etc/traefik/dynamic.yml and traefik/certs as /etc/traefik/certs (the repo also has traefik/config/dynamic/*.yml, not mounted, not used).'),
 '02': ('GrimWaves API production Traefik', 'basicAuth (dashboard, api@internal on a dedicated entry point), errors (400-599 to a service), entry-point middlewares (secureHeaders@file on websecure), headers (security), redirectScheme, compress, retry, rateLimit (defined, unused), HostRegexp v2 syntax, ACME DNS challenge, docker provider', 'Static traefik/traefik.yml also holds an `http:` section (Traefik ignores unknown root keys of the static file); the file provider reads the directory traefik/config (mounted at /etc/traefik/config). Password of admin in dashboard.yml is given in its comment (test).'),
 '03': ('a3jm.com homelab (path-based routing of many apps)', 'api@internal via Host and via path with stripPrefix, stripPrefix, redirectRegex (trailing slash), replacePathRegex, headers (customRequestHeaders), long rules with negations, priorities, certResolver (TLS-ALPN), docker provider', 'docker-compose mounts traefik/dynamic.yml at /etc/traefik/dynamic.yml.'),
 '04': ('docker-infrastructure (CrowdSec + Traefik)', 'plugin (crowdsec-bouncer-traefik-plugin), chain, rateLimit with ipStrategy (depth, excludedIPs), headers, redirectScheme, entry point redirection, experimental.plugins, ACME DNS, http3, tls options in the static file (ignored by Traefik: unknown root key)', 'traefik/docker-compose.yml mounts config/dynamic.yml at /etc/traefik/dynamic.yml. Note the source typo `options: default"` in the static file (kept).'),
 '05': ('containers/traefik (rootless demo stack)', 'headers (frameDeny, browserXssFilter, contentTypeNosniff, HSTS, customFrameOptionsValue, customRequestHeaders), TLS default certificate from files, entry point redirection, ping on the traefik entry point', 'Static file directory /etc/traefik/dynamic holds config/dynamic.yml (compose mount). No snapshot could be fetched: both files were copied from the search index (read_file) at the commit below. TLS files are generated (not in the repo).'),
 '06': ('local-traefik (dashboard over TLS with local certificates)', 'api@internal with router tls.domains, tls.certificates from files, entry point redirection, docker provider, api.insecure', ''),
 '07': ('gateway-authn-and-authz (OPA forward auth demo, Traefik 2.2)', 'forwardAuth, PathPrefix routing, no entryPoints (Traefik default entry point http :80)', 'traefik/Dockerfile copies traefik.yml and dynamic.yml to /etc/traefik.'),
 '08': ('mvp_qr_gen (college QR service)', 'ipWhiteList, basicAuth usersFile + realm, headers (security, CSP, custom, CORS-by-hand), redirectScheme, redirectRegex, rateLimit, api@internal on the traefik entry point, many priorities, v2 rule syntax (Host with two arguments)', 'usersFile /etc/traefik/users.htpasswd is not in the repo: generated.'),
 '09': ('traefikv2config (dashboard with basic auth and redirect)', 'basicAuth (bcrypt; password in a comment), api@internal on a dashboard entry point and on https with certResolver, redirectScheme on a lowercase v2 `hostregexp` catch-all, invalid service URL `localhost`', 'Relative provider filename dynamic_conf.yml.'),
 '10': ('traefik-playground', 'api@internal behind basicAuth (the Traefik docs users), no entryPoints (default http :80), docker provider', ''),
 '11': ('credfeto-traefic (package mirrors behind Traefik)', 'headers (many custom response/request headers), serversTransports with insecureSkipVerify, https backends, healthCheck, api@internal, certResolver (DNS), http3, forwardedHeaders.trustedIPs, four entry points', 'docker-compose mounts dynamic_conf.yml at /etc/traefik/dynamic_conf.yml.'),
 '12': ('homelab-dynamic', 'api@internal, noop service, HostRegexp v2 catch-alls, certResolver, redirect middleware referenced from routers.yml', 'Only traefik/dynamic/routers.yml exists in the directory.'),
 '13': ('conexao-de-sorte Traefik infrastructure (production, Docker Swarm)', 'basicAuth, headers (security, CORS), rateLimit, circuitBreaker, retry, compress, stripPrefix, replacePath, redirectRegex, api@internal, ping, metrics, ACME HTTP, http3, transport timeouts, 11 dynamic files (one of them only comments)', 'docker-compose mounts traefik/dynamic at /etc/traefik/dynamic.'),
 '14': ('kubernetes-paperless-ngx', 'Kubernetes CRD: IngressRoute with noop@internal TraefikService + redirectScheme Middleware, a second IngressRoute with certResolver and a named Service port', 'Manifests as in the repo (kustomize-free). Static file = the harness default (Helm-like entry points web/websecure).'),
 '15': ('canary-demo', 'Kubernetes CRD: TraefikService weighted (80/20 canary) behind an IngressRoute', 'rollback.yaml (a second version of the same TraefikService) is not applied.'),
 '16': ('kasj-live homelab docs: Traefik dashboard', 'Kubernetes CRD (traefik.containo.us): api@internal TraefikService, basicAuth from a Secret, tls.secretName, ingress class annotation traefik-external', 'Manifests copied from the markdown page. The Secret values are redacted in the source: generated (users kas:kaspass, TLS self-signed). The static file sets providers.kubernetesCRD.ingressClass=traefik-external, which the author\'s Helm install must have (judgement: Traefik ignores IngressRoutes of another class otherwise).'),
 '17': ('Traefik docs: dashboard behind basic auth (file provider)', 'api@internal, basicAuth with the docs users (test:test)', 'Dynamic part verbatim from docs/content/operations/include-dashboard-examples.md ("File (YAML)"); static = `api: {}` from docs/content/reference/install-configuration/api-dashboard.md plus the file provider line (collector).'),
 '18': ('Traefik docs: dashboard on a custom base path', 'api.basePath /traefik, api@internal, basicAuth', 'Dynamic part verbatim from docs/content/operations/include-dashboard-custom-path-examples.md; static `api.basePath: /traefik` plus the file provider line (collector).'),
 '19': ('Traefik docs: file provider example', 'basicAuth with users and a relative usersFile, two servers, passHostHeader false', 'Dynamic part verbatim from docs/content/reference/install-configuration/providers/others/file.md; static written by the collector (entry point web). etc/traefik/.htpasswd is generated (alice).'),
 '20': ('Traefik docs: chain', 'chain of redirectScheme, ipAllowList, basicAuth', 'Dynamic part verbatim from docs/content/reference/routing-configuration/http/middlewares/chain.md; static written by the collector.'),
 '21': ('Traefik docs: Kubernetes basic (IngressRoute with TLS)', 'Kubernetes CRD: IngressRoute on websecure with tls.secretName, Path rules, two Services', 'Manifests verbatim from docs/content/expose/kubernetes/basic.md (Services and "IngressRoute with TLS"); the TLS Secret made by kubectl there is generated.'),
 '22': ('Traefik docs: Kubernetes advanced (middlewares)', 'Kubernetes CRD: headers (security incl. deprecated sslRedirect) and ipAllowList Middlewares, IngressRoute with certResolver le', 'Manifests verbatim from docs/content/expose/kubernetes/advanced.md; Services from basic.md; static = Helm-like defaults plus the le resolver of the same page.'),
 '23': ('Traefik docs: CRD + ACME user guide (v3.6)', 'Kubernetes CRD: IngressRoutes on web and websecure with certResolver, TLSOption default (minVersion, cipherSuites, curvePreferences, sniStrict), Services; api.insecure', 'Manifests verbatim; the static file is the container args of 03-deployments.yml written as YAML (collector, see orig/static-from-args.yml).'),
 '24': ('Traefik docs: Kubernetes sticky sessions', 'Kubernetes CRD: TraefikService weighted with sticky cookie, headers + ipAllowList Middlewares, certResolver', 'Manifests verbatim from docs/content/expose/kubernetes/advanced.md.'),
 '25': ('Traefik docs: middleware reference examples (A)', 'headers (4 examples: custom, removal, security, CORS), compress, retry, circuitBreaker, rateLimit, inFlightReq, buffering, contentType', 'Middleware blocks verbatim from the reference pages (first "Structured (YAML)" example; rateLimit without its redis block). One router per middleware and the service are the collector\'s wrapper.'),
 '26': ('Traefik docs: middleware reference examples (B)', 'errors (statusRewrites), forwardAuth, redirectRegex, redirectScheme, stripPrefixRegex, stripPrefix, addPrefix, replacePath, replacePathRegex, ipAllowList, digestAuth, basicAuth, grpcWeb', 'Middleware blocks verbatim from the reference pages; routers and services are the collector\'s wrapper.'),
}
for d in sorted(os.listdir(ROOT)):
    m = re.match(r'^(\d\d)-', d)
    if not m:
        continue
    meta = json.load(open(os.path.join(ROOT, d, 'meta.json')))
    title, uses, notes = D[m.group(1)]
    repo = meta.get('repo', '')
    files = meta.get('files', [])
    with open(os.path.join(ROOT, d, 'SOURCE.md'), 'w') as f:
        f.write(f'# {d}: {title}\n\n')
        f.write(f'- Source: https://github.com/{repo}\n- Commit: {meta.get("commit")}\n')
        f.write('- Files: ' + ', '.join(f'`{x}`' for x in files) + '\n')
        f.write(f'- Kind: {"file provider" if meta["kind"] == "file" else "Kubernetes CRD manifests"}\n')
        f.write(f'- Uses: {uses}\n')
        if notes:
            f.write(f'- Notes: {notes}\n')
        exact = m.group(1) in ('01','02','03','04','06','07','08','09','10','11','12','13','14','15','23')
        f.write(('\nThe files under orig/ are byte-for-byte the source (path inside the repository kept; '
                 'orig/static-from-args.yml excepted where present). ' if exact else
                 '\nThe files under orig/ were copied by hand from the source as the notes say (YAML blocks verbatim). ') +
                'The harness (../run.py) copies them and makes only the mechanical changes it logs in '
                'work/<checkout>/<this dir>/changes.log.\n')
print('ok')
