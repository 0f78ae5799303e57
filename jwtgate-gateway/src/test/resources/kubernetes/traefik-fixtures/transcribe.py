#!/usr/bin/env python3
"""Transcribes the expected configurations of Traefik's CRD provider tests (Go struct literals in
pkg/provider/kubernetes/crd/kubernetes_test.go) into YAML data, one document per test function.
Run: git -C /work/.mirror/traefik+traefik/repo show HEAD:pkg/provider/kubernetes/crd/kubernetes_test.go \
       | python3 transcribe.py > crd-cases.yaml
Only the data is used by the tests (KubernetesCrdTraefikTableTest); this script records how it was made."""
import re, sys, json, yaml

FUNCS = ["TestLoadIngressRoutes", "TestCrossNamespace",
         "TestExternalNameService", "TestNativeLB", "TestGlobalNativeLB", "TestNodePortLB",
         "TestLoadIngressRouteTCPs", "TestLoadIngressRouteUDPs"]
CONST = {"dynamic.BalancerStrategyWRR": "wrr", "dynamic.BalancerStrategyP2C": "p2c", "dynamic.BalancerStrategyHRW": "hrw",
         "dynamic.BalancerStrategyLeastTime": "leasttime", "true": True, "false": False, "nil": None,
         "tls.DefaultTLSStoreName": "default", "http.MethodGet": "GET",
         "dynamic.DefaultFlushInterval": "100ms", "tls.SANDNSNameType": "DNSName", "tls.SANURIType": "URI"}
SPECIAL_KEYS = {"IDs": "ids", "TrustDomain": "trustDomain"}
UNITS = {"time.Nanosecond": 1, "time.Microsecond": 1000, "time.Millisecond": 10**6, "time.Second": 10**9,
         "time.Minute": 60 * 10**9, "time.Hour": 3600 * 10**9}
# The Provider each test function builds (its fixed settings), and the test fields' names as provider options.
NS = {"namespaces": ["default", "cross-ns"]}  # the namespaces these functions pass to WatchAll
DEFAULTS = {"TestLoadIngressRoutes": {"allowExternalNameServices": True},
            "TestLoadIngressRouteTCPs": {"allowCrossNamespace": True, "allowExternalNameServices": True},
            "TestLoadIngressRouteUDPs": {"allowCrossNamespace": True, "allowExternalNameServices": True}, "TestCrossNamespace": NS, "TestExternalNameService": NS,
            "TestNativeLB": NS, "TestNodePortLB": NS, "TestGlobalNativeLB": NS}
RENAME = {"allowExternalNameService": "allowExternalNameServices", "disableClusterScope": "disableClusterScopeResources"}
TOK = re.compile(r'\s+|//[^\n]*|`[^`]*`|"(?:\\.|[^"\\])*"|[A-Za-z_][A-Za-z0-9_.]*|\d+(?:\.\d+)?|\[\]|[{}()\[\],:*&+\-/]')

def tokens(src):
    out = []
    for m in TOK.finditer(src):
        t = m.group(0)
        if t.isspace() or t.startswith("//"):
            continue
        out.append(t)
    return out

def key(name):
    if name in SPECIAL_KEYS:
        return SPECIAL_KEYS[name]
    if name.isupper():
        return name.lower()
    m = re.match(r'^([A-Z]+)([A-Z][a-z].*)$', name)
    if m:
        return m.group(1).lower() + m.group(2)
    return name[0].lower() + name[1:]

def duration(ns):
    for unit, n in (("h", 3600 * 10**9), ("m", 60 * 10**9), ("s", 10**9), ("ms", 10**6)):
        if ns % n == 0 and ns != 0:
            return f"{ns // n}{unit}"
    return f"{ns}ns"

class P:
    def __init__(self, toks):
        self.t, self.i = toks, 0
    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else None
    def next(self):
        self.i += 1
        return self.t[self.i - 1]
    def expect(self, v):
        t = self.next()
        assert t == v, (v, t, self.t[self.i - 10:self.i + 5])
    def skip_type(self):
        # a type: *T, []T, map[K]V, pkg.T, struct{...}
        while self.peek() in ("*", "&", "[]"):
            self.next()
        t = self.next()
        if t == "map":
            self.expect("["); self.skip_type(); self.expect("]"); self.skip_type()
        elif t == "struct":
            depth = 0
            while True:
                x = self.next()
                depth += x == "{"
                depth -= x == "}"
                if depth == 0:
                    break
        elif t == "[":
            self.expect("]"); self.skip_type()
    def literal(self):
        # { elements }: keyed -> dict, unkeyed -> list
        self.expect("{")
        items, keyed = [], False
        while self.peek() != "}":
            start = self.i
            v = self.value()
            if self.peek() == ":":
                self.next()
                keyed = True
                k = v
                items.append((k, self.value()))
            else:
                items.append(v)
            if self.peek() == ",":
                self.next()
        self.expect("}")
        if keyed or not items:  # an empty literal: an empty struct or map (or list: both mean nothing)
            return {k: v for k, v in items}
        return items
    def expr_int(self):
        # products of numbers and time units, e.g. 100 * time.Millisecond
        total = 1
        while True:
            t = self.next()
            if t == "(":
                v = self.expr_int(); self.expect(")")
            elif t in UNITS:
                v = UNITS[t]
            else:
                v = int(t)
            total *= v
            if self.peek() == "*":
                self.next()
                continue
            return total
    def value(self):
        t = self.peek()
        if t == "{":
            return self.literal()
        if t in ("&", "*", "[]") or t == "map":
            self.skip_type()
            return self.literal()
        if t.startswith('"'):
            self.next()
            return json.loads(t)
        if t.startswith("`"):
            self.next()
            return t[1:-1]
        if t == "-":
            self.next()
            return -self.value()
        if re.match(r'\d', t):
            self.next()
            if self.peek() == "*":
                self.i -= 1
                return self.expr_int()
            return float(t) if "." in t else int(t)
        if t == "func":  # func(i int) *int { return &i }(1)
            while self.next() != "}":
                pass
            self.expect("("); v = self.value(); self.expect(")")
            return v
        self.next()
        if t in ("new", "ptr.To", "pointer.To", "types.FileOrContent", "int64", "int", "uint64", "float64", "string",
                 "intstr.FromInt", "intstr.FromString"):
            self.expect("("); v = self.value(); self.expect(")")
            return v
        if t == "ptypes.Duration":
            self.expect("("); v = self.expr_int(); self.expect(")")
            return duration(v)
        if t in CONST:
            return CONST[t]
        if self.peek() == "{":  # pkg.Type{...}
            return self.literal()
        if self.peek() == "(":
            raise ValueError("unknown call " + t)
        if t in UNITS:
            return UNITS[t]
        return t  # a field name (before ':') or an unknown identifier

def fix(v):
    if isinstance(v, dict):
        return {(key(k) if isinstance(k, str) and re.match(r'^[A-Z]', k) else k): fix(x) for k, x in v.items()}
    if isinstance(v, list):
        return [fix(x) for x in v]
    return v

def cases(src, func):
    start = src.index("func " + func + "(")
    body = src[start:]
    i = body.index("testCases := ")
    p = P(tokens(body[i + len("testCases := "):]))
    p.skip_type()
    return p.literal()

def main():
    src = sys.stdin.read()
    docs = []
    for f in FUNCS:
        out = []
        for c in cases(src, f):
            c = fix(c)
            exp = c.get("expected")
            case = {"desc": c["desc"], "paths": c.get("paths", [])}
            opts = {k: v for k, v in c.items() if k not in ("desc", "paths", "expected")}
            opts = {RENAME.get(k, k): v for k, v in opts.items()}
            opts = {**DEFAULTS.get(f, {}), **opts}
            if opts:
                case["provider"] = opts
            if exp is None:
                case["skip"] = "Traefik's test has no expected configuration for it (it is not run)"
            else:
                tcp, udp = exp.get("tcp") or {}, exp.get("udp") or {}
                has_tcp = any(tcp.get(k) for k in tcp)
                # A case mixing TCP and UDP is compared for http, tls and tcp (jwtgate reports IngressRouteUDP, serves none).
                if f.endswith("UDPs") or (any(udp.get(k) for k in udp) and not has_tcp):
                    case["skip"] = "UDP not supported"
                case["expected"] = {"http": exp.get("http") or {}, "tls": exp.get("tls") or {}}
                if f.endswith("TCPs") or has_tcp:
                    case["expected"]["tcp"] = tcp  # compared for IngressRouteTCP cases (routers, services, middlewares, serversTransports)
            out.append(case)
        docs.append({"test": f, "cases": out})
    print("# Transcribed by transcribe.py from Traefik v3.7's pkg/provider/kubernetes/crd/kubernetes_test.go (do not edit by hand).")
    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True
    yaml.dump(docs, sys.stdout, Dumper=NoAliases, sort_keys=False, width=200, allow_unicode=True)

main()
