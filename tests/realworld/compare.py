#!/usr/bin/env python3
"""Holds Hoist against what tests/realworld/record.sh recorded from BuildKit: for every case under OUT, runs
`HOIST build --call=check|outline|targets,format=json` on the same context (the same stand-in assumption: a base image
not in the store has an empty config) and compares
  check    BuildKit's rules' findings (rule, line, message) and the line of the error that stopped the check (its
           wording too with WORDING=1; Hoist's own rules, origin "hoist", are left out), and the exit status;
  outline  the JSON document, and the exit status;
  targets  the JSON document, and the exit status;
  errors   where BuildKit failed outright (no JSON), Hoist must fail too, without a stack trace, and its message is
           shown beside BuildKit's ERROR line for review.
Prints one line per difference and 'N passed, N failed, N skipped' (skipped: BuildKit could not resolve a base pinned
by digest, which the stand-in registry cannot serve).
  compare.py HOIST OUT [CASE-PREFIX…]      (HOIST_ROOT should name an empty scratch store)"""
import base64, json, os, subprocess, sys

hoist, out, prefixes = sys.argv[1], sys.argv[2], sys.argv[3:]
calls = ('check', 'outline', 'targets')

def read(path):
    try:
        return open(path, encoding='utf-8', errors='replace').read()
    except FileNotFoundError:
        return ''

def as_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return None

def run_hoist(case):
    ctx = os.path.join(out, case, 'context')
    for call in calls:
        p = subprocess.run([hoist, 'build', f'--call={call},format=json', ctx], capture_output=True, text=True,
                           timeout=120)
        for ext, value in (('out', p.stdout), ('err', p.stderr), ('rc', str(p.returncode))):
            open(os.path.join(out, case, f'hoist-{call}.{ext}'), 'w').write(value)

def findings(doc):
    result = []
    for w in doc.get('warnings') or []:
        if w.get('origin') == 'hoist':
            continue
        ranges = (w.get('location') or {}).get('ranges') or [{}]
        result.append((w.get('ruleName'), (ranges[0].get('start') or {}).get('line', 0), w.get('detail')))
    error = doc.get('buildError')
    if error:
        ranges = (error.get('location') or {}).get('ranges') or [{}]
        # Hoist words some parse errors its own way on purpose (docs/compatibility.md): the line must match, the
        # wording is compared only with WORDING=1.
        message = error.get('message') if os.environ.get('WORDING') else ''
        result.append(('buildError', (ranges[0].get('start') or {}).get('line', 0), message))
    return sorted(result, key=lambda f: (f[1], str(f[0]), str(f[2])))

def last_error(text):
    lines = [l for l in text.splitlines() if l.startswith('ERROR:') or 'error' in l.lower()]
    return lines[-1] if lines else (text.strip().splitlines() or [''])[-1]

def compare(case, call):
    base = os.path.join(out, case)
    bk_out, bk_err, bk_rc = (read(f'{base}/bk-{call}.{e}') for e in ('out', 'err', 'rc'))
    h_out, h_err, h_rc = (read(f'{base}/hoist-{call}.{e}') for e in ('out', 'err', 'rc'))
    diffs = []
    if 'Unhandled exception' in h_err or '   at Hoist.' in h_err:
        diffs.append(f'stack trace: {last_error(h_err)}')
    if (bk_rc.strip() == '0') != (h_rc.strip() == '0'):
        diffs.append(f'exit status: BuildKit {bk_rc.strip()}, Hoist {h_rc.strip()} '
                     f'(BuildKit: {last_error(bk_err)!r}; Hoist: {last_error(h_err)!r})')
    bk_doc, h_doc = as_json(bk_out), as_json(h_out)
    if bk_doc is None:
        if bk_rc.strip() != '0' and h_rc.strip() != '0':
            diffs.append(f'both failed (review): BuildKit {last_error(bk_err)!r}; Hoist {last_error(h_err)!r}') \
                if os.environ.get('SHOW_ERRORS') else None
        return diffs
    if h_doc is None:
        diffs.append(f'no JSON from Hoist: {last_error(h_err)!r}')
        return diffs
    if call == 'check':
        b, h = findings(bk_doc), findings(h_doc)
        for f in b:
            if f not in h: diffs.append(f'only BuildKit: {f}')
        for f in h:
            if f not in b: diffs.append(f'only Hoist: {f}')
    else:
        bk_doc.pop('sources', None); h_doc.pop('sources', None)
        if bk_doc != h_doc:
            diffs.append('BuildKit ' + json.dumps(bk_doc, sort_keys=True) + '\n      Hoist    ' + json.dumps(h_doc, sort_keys=True))
    return diffs

# A base pinned by digest has no stand-in (its digest cannot be pushed): BuildKit stops there, Hoist (no pull) does not.
UNRESOLVABLE = 'failed to resolve source metadata'

passed = failed = skipped = 0
for case in sorted(os.listdir(out)):
    if not os.path.isdir(os.path.join(out, case, 'context')): continue
    if prefixes and not any(case.startswith(p) for p in prefixes): continue
    if not os.environ.get('REUSE'):
        run_hoist(case)
    for call in calls:
        if UNRESOLVABLE in read(os.path.join(out, case, f'bk-{call}.err')) + read(os.path.join(out, case, f'bk-{call}.out')):
            skipped += 1
            continue
        diffs = compare(case, call)
        if diffs:
            failed += 1
            for d in diffs: print(f'{case} {call}: {d}')
        else:
            passed += 1
print(f'{passed} passed, {failed} failed, {skipped} skipped')
