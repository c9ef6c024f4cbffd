#!/usr/bin/env python3
"""Checks that the recorded corpus is complete and well-formed (no BuildKit needed): every case has a Dockerfile and
an expected.json that follows the schema in README.md and agrees with its build.args. Run after re-recording, or in CI
to catch a hand-edited or truncated expectation. Prints one line per problem and a closing 'N passed, N failed'."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"file", "dir", "symlink", "char", "block", "fifo"}
CONFIG_FIELDS = {"Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels", "StopSignal",
                 "Healthcheck", "OnBuild", "Shell", "ArgsEscaped"}


def read_args(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.rstrip("\n") and not l.startswith("#")]


def check_success(d, problems):
    for key in ("base", "platform", "config", "layers", "history", "files", "deleted"):
        if key not in d:
            problems.append(f"missing {key}")
            return
    if set(d["config"]) - CONFIG_FIELDS:
        problems.append(f"unknown config fields {sorted(set(d['config']) - CONFIG_FIELDS)}")
    if d["layers"] < d["base"]["layers"]:
        problems.append("fewer layers than the base")
    if len(d["history"]) < d["base"]["history"]:
        problems.append("fewer history entries than the base")
    non_empty = sum(1 for h in d["history"] if not h.get("empty_layer"))
    if non_empty != d["layers"]:
        problems.append(f"{non_empty} non-empty history entries but {d['layers']} layers")
    paths = [f["path"] for f in d["files"]]
    if paths != sorted(paths) or len(set(paths)) != len(paths):
        problems.append("files not sorted or not unique")
    if d["deleted"] != sorted(d["deleted"]):
        problems.append("deleted not sorted")
    for f in d["files"]:
        where = f.get("path", "?")
        if not where.startswith("/") or f.get("type") not in TYPES:
            problems.append(f"{where}: bad path or type")
        if not re.fullmatch(r"[0-7]{4}", f.get("mode", "")):
            problems.append(f"{where}: mode {f.get('mode')!r} is not 4 octal digits")
        if not isinstance(f.get("uid"), int) or not isinstance(f.get("gid"), int):
            problems.append(f"{where}: uid/gid not numeric")
        if f["type"] == "file":
            if not re.fullmatch(r"[0-9a-f]{64}", f.get("sha256", "")) or not isinstance(f.get("size"), int):
                problems.append(f"{where}: file without size/sha256")
            if "hardLinkTo" in f and f["hardLinkTo"] not in f.get("links", []):
                problems.append(f"{where}: hardLinkTo outside its links")
        if f["type"] == "symlink" and "target" not in f:
            problems.append(f"{where}: symlink without target")


def check_rebuild(d, has_dir, problems):
    """A case with rebuild/ records its second build (README.md, "Two builds"); one without has no such field."""
    r = d.get("rebuild")
    if not has_dir:
        if r is not None:
            problems.append("rebuild recorded but no rebuild/ directory")
        return
    if d.get("result") != "success" or not isinstance(r, dict):
        problems.append("rebuild/ directory but no recorded second build (re-record)")
        return
    if not isinstance(r.get("sameImage"), bool):
        problems.append("rebuild.sameImage is not a boolean")
    for key in ("cached", "ran"):
        if not isinstance(r.get(key), list) or not all(isinstance(t, str) and t.startswith("[") for t in r[key]):
            problems.append(f"rebuild.{key} is not a list of step titles")


def check_failure(d, problems):
    if not d.get("exitCode"):
        problems.append("failure with exit code 0")
    if not d.get("errors"):
        problems.append("failure without an ERROR line")


def main():
    cases_dir = os.path.join(HERE, "cases")
    passed = failed = 0
    for name in sorted(os.listdir(cases_dir)):
        case = os.path.join(cases_dir, name)
        if not os.path.isdir(case):
            continue
        problems = []
        exp = os.path.join(case, "expected.json")
        if not os.path.exists(os.path.join(case, "Dockerfile")):
            problems.append("no Dockerfile")
        if not os.path.exists(exp):
            problems.append("no expected.json (not recorded)")
        else:
            with open(exp, encoding="utf-8") as f:
                d = json.load(f)
            if d.get("case") != name:
                problems.append(f"case field {d.get('case')!r} differs from the directory")
            if d.get("buildArgs") != read_args(os.path.join(case, "build.args")):
                problems.append("buildArgs differ from build.args (re-record)")
            if d.get("result") == "success":
                check_success(d, problems)
            elif d.get("result") == "failure":
                check_failure(d, problems)
            else:
                problems.append(f"result {d.get('result')!r}")
            check_rebuild(d, os.path.isdir(os.path.join(case, "rebuild")), problems)
        for p in problems:
            print(f"{name}: {p}")
        if problems:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
