#!/usr/bin/env python3
"""Turns `docker buildx build --call=check,format=json` output into expected.json: the findings (rule, line, message)
sorted by line and rule, and the build error's message if the check stopped at one."""
import json, sys

out, err = sys.argv[1], sys.argv[2]
try:
    data = json.load(open(out))
except Exception:
    data = {}
findings = []
for w in data.get('warnings') or []:
    ranges = ((w.get('location') or {}).get('ranges') or [{}])
    findings.append({'rule': w.get('ruleName'), 'line': ((ranges[0].get('start') or {}).get('line') or 0),
                     'message': w.get('detail')})
findings.sort(key=lambda f: (f['line'], f['rule'], f['message']))
error = (data.get('buildError') or {}).get('message')
if not data:
    error = open(err).read().strip().splitlines()[-1:] or ['no output']
    error = error[0]
print(json.dumps({'findings': findings, 'error': error}, indent=2))
