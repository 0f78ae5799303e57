"""Generated test material: self-signed certificates (openssl) and htpasswd-style users files."""
import base64, hashlib, os, subprocess


def selfsigned(d, hosts):
    crt, key = os.path.join(d, 'corpus.crt'), os.path.join(d, 'corpus.key')
    san = ','.join(('IP:' if h.replace('.', '').isdigit() else 'DNS:') + h for h in hosts if h and '{' not in h)
    subprocess.run(['openssl', 'req', '-x509', '-nodes', '-newkey', 'rsa:2048', '-days', '30', '-keyout', key, '-out', crt,
                    '-subj', '/CN=' + (hosts[0] if hosts else 'localhost'), '-addext', 'subjectAltName=' + san],
                   check=True, capture_output=True)
    return crt, key


def users_text(users):
    return ''.join(f"{u}:{{SHA}}{base64.b64encode(hashlib.sha1(p.encode()).digest()).decode()}\n" for u, p in users.items())


def users_file(path, users, digest=False, realm='traefik'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        if digest:
            f.write(''.join(f"{u}:{realm}:{hashlib.md5(f'{u}:{realm}:{p}'.encode()).hexdigest()}\n" for u, p in users.items()))
        else:
            f.write(users_text(users))
