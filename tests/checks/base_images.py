#!/usr/bin/env python3
"""Prints 'HOST NAME TARGET' for every base image the given cases' FROM lines name: NAME as written after expanding the
global ARGs (defaults, or --build-arg from the case's build.args), and images COPY --from / RUN --mount from= name, TARGET the repository:tag under which the loopback
registry must hold it (docker.io names as the mirror sees them, other registries without their host), HOST the
registry the name points at."""
import os, re, sys

def expand(word, env):
    def sub(m):
        name = m.group(1) or m.group(2)
        default = m.group(4)
        value = env.get(name, '')
        if m.group(3) == ':-' and not value:
            return default or ''
        return value
    return re.sub(r'\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\})', sub, word)

def target(name):
    first, _, rest = name.partition('/')
    if not rest or ('.' not in first and ':' not in first and first != 'localhost'):
        host, path = 'docker.io', name
    else:
        host, path = first, rest
    path = path.split('@')[0]
    repo, _, tag = path.rpartition(':') if ':' in path.rsplit('/', 1)[-1] else (path, '', 'latest')
    if host == 'docker.io' and '/' not in repo:
        repo = 'library/' + repo
    return host, repo.lower() + ':' + tag

def images(case):
    lines = open(os.path.join(case, 'Dockerfile'), encoding='utf-8', errors='replace').read().replace('\\\n', ' ').split('\n')
    build_args = {'TARGETPLATFORM': 'linux/amd64', 'BUILDPLATFORM': 'linux/amd64', 'TARGETOS': 'linux',
                  'TARGETARCH': 'amd64', 'BUILDOS': 'linux', 'BUILDARCH': 'amd64'}
    args_file = os.path.join(case, 'build.args')
    if os.path.exists(args_file):
        words = [l.strip() for l in open(args_file) if l.strip() and not l.startswith('#')]
        for flag, value in zip(words, words[1:]):
            if flag == '--build-arg' and '=' in value:
                k, v = value.split('=', 1); build_args[k] = v
    env, stages, seen_from = dict(build_args), set(), False
    for line in lines:
        words = line.split()
        if not words: continue
        kw = words[0].lower()
        if kw == 'arg' and not seen_from:
            for w in words[1:]:
                k, _, v = w.partition('=')
                if k not in build_args: env[k] = expand(v.strip('"\''), env)
        elif kw == 'from':
            seen_from = True
            rest = [w for w in words[1:] if not w.startswith('--')]
            if not rest: continue
            name = expand(rest[0], env)
            if len(rest) >= 3 and rest[1].lower() == 'as':
                stages.add(rest[2].lower())
            if name and name.lower() not in stages and name != 'scratch' and '$' not in name:
                yield name
        elif kw in ('copy', 'run'):
            for m in re.finditer(r'(?:--from=|[ ,]from=)([^ ,]+)', line):
                ref = m.group(1)
                if ref.lower() not in stages and not ref.isdigit() and '$' not in ref and ref != 'scratch':
                    yield ref

seen = set()
for case in sys.argv[1:]:
    for name in images(case):
        host, t = target(name)
        if (host, t) not in seen and re.fullmatch(r'[a-z0-9._/-]+:[A-Za-z0-9_.-]+', t):
            seen.add((host, t))
            print(host, name, t)
