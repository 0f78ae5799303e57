#!/usr/bin/env python3
"""Scan fetched mirrors for Traefik configs: list files with routers/middlewares and middleware types."""
import subprocess, sys, re, os
MW = ["addPrefix","basicAuth","buffering","chain","circuitBreaker","compress","contentType","digestAuth","errors","forwardAuth","grpcWeb","headers","ipAllowList","ipWhiteList","inFlightReq","passTLSClientCert","rateLimit","redirectRegex","redirectScheme","replacePath","replacePathRegex","retry","stripPrefix","stripPrefixRegex","plugin"]
def git(repo,*a):
    return subprocess.run(["git","-C",repo]+list(a),capture_output=True,text=True,errors="replace").stdout
for name in sys.argv[1:]:
    repo=f"/work/.mirror/{name}/repo"
    head=git(repo,"rev-parse","HEAD").strip()
    files=[f for f in git(repo,"ls-tree","-r","--name-only","HEAD").splitlines() if re.search(r'\.(ya?ml|toml)$',f)]
    print(f"== {name} {head[:10]}")
    for f in files:
        t=git(repo,"show",f"HEAD:{f}")
        if len(t)>200000: continue
        static = bool(re.search(r'^\s*\[?entryPoints',t,re.M)) and bool(re.search(r'providers',t))
        dyn = ('routers' in t) or ('kind: IngressRoute' in t)
        mws = [m for m in MW if re.search(r'(^|\W)'+m+r'(\W|$)',t) and not t.count('traefik.http.middlewares')]
        crd = 'traefik.io/v1alpha1' in t or 'traefik.containo.us' in t
        if static or (dyn and (mws or 'api@internal' in t)) or (crd and mws):
            print(f"  {f}: {'STATIC ' if static else ''}{'DYN ' if dyn else ''}{'CRD ' if crd else ''}{'api@internal ' if 'api@internal' in t else ''}{','.join(mws)} ({len(t)}c)")
