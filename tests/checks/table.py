#!/usr/bin/env python3
"""Prints the README's tables for the corpus (tests/checks/corpus): BuildKit's findings per rule from the recorded
expected.json files, and how often each of Hoist's rules fires (files with at least one finding), from
`hoist check --format json`. Usage: tests/checks/table.py [HOIST...] (default: dotnet + the Debug CLI build)."""
import collections, glob, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
hoist = sys.argv[1:] or ['dotnet', os.path.join(here, '../../src/Hoist.Cli/bin/Debug/net10.0/linux-x64/Hoist.Cli.dll')]
cases = sorted(glob.glob(os.path.join(here, 'corpus', '*', 'Dockerfile')))
buildkit, files_with, hoist_rules, hoist_files, multi = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter(), 0
examples = collections.defaultdict(list)
for dockerfile in cases:
    case = os.path.dirname(dockerfile)
    expected = json.load(open(os.path.join(case, 'expected.json')))
    for f in expected['findings']:
        buildkit[f['rule']] += 1
    for rule in {f['rule'] for f in expected['findings']}:
        files_with[rule] += 1
    text = open(dockerfile, encoding='utf-8', errors='replace').read().lower()
    multi += sum(1 for line in text.splitlines() if line.strip().startswith('from ')) > 1
    # No context: the corpus has only the Dockerfiles, so rules that look at the context stay out of the figures.
    out = subprocess.run(hoist + ['--root', '/nonexistent-hoist-root', 'check', '--format', 'json', '-f', dockerfile, '/nonexistent-context'],
                         capture_output=True, text=True).stdout
    warnings = json.loads(out)['warnings'] if out.strip() else []
    mine = [w for w in warnings if w.get('origin') == 'hoist']
    for w in mine:
        hoist_rules[w['ruleName']] += 1
        examples[w['ruleName']].append(f"{os.path.basename(case)}:{w['location']['ranges'][0]['start']['line']}")
    for rule in {w['ruleName'] for w in mine}:
        hoist_files[rule] += 1
n = len(cases)
print(f'{n} files, {multi} multi-stage\n')
print('| BuildKit rule | findings | files |\n| --- | ---: | ---: |')
for rule, count in sorted(buildkit.items(), key=lambda kv: -kv[1]):
    print(f'| {rule} | {count} | {files_with[rule]} |')
print('\n| Hoist rule | findings | files | firing rate |\n| --- | ---: | ---: | ---: |')
for rule in ['HoistUnpinnedBaseImage', 'HoistToolchainFinalStage', 'HoistBuildToolsInFinalStage', 'HoistWholeContextInFinalStage',
             'HoistDevDependenciesInFinalStage', 'HoistUnknownFromStage', 'HoistCopyFromContextNotStage']:
    print(f'| {rule} | {hoist_rules[rule]} | {hoist_files[rule]} | {100.0 * hoist_files[rule] / n:.1f} % |')
if os.environ.get('SHOW'):
    for rule, where in examples.items():
        print(rule, where)
