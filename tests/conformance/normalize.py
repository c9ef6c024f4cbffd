#!/usr/bin/env python3
"""Turns one recorded BuildKit build into tests/conformance/cases/NN/expected.json.

Success: reads the `docker save` archive of the result, keeps the image config fields a Dockerfile can set, the
history text, and the final filesystem (layers applied in order, whiteouts honoured) relative to the base image the
result was built on. Failure: keeps the exit code and BuildKit's error lines with ids, digests and timings removed.
The schema is documented in tests/conformance/README.md.
"""
import argparse
import hashlib
import io
import json
import posixpath
import re
import sys
import tarfile

SKIP_PREFIXES = ("proc/", "sys/", "dev/")
WHITEOUT = ".wh."
OPAQUE = ".wh..wh..opq"
CONFIG_FIELDS = ["Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels", "StopSignal",
                 "Healthcheck", "OnBuild", "Shell", "ArgsEscaped"]


def read_args(path):
    args = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line and not line.startswith("#"):
                    args.append(line)
    except FileNotFoundError:
        pass
    return args


class SavedImage:
    """A `docker save` archive (docker-archive manifest.json, also OCI layout since Docker 25)."""

    def __init__(self, path):
        self.tar = tarfile.open(path)
        manifest = json.loads(self.member("manifest.json"))
        if len(manifest) != 1:
            raise SystemExit(f"{path}: expected one image, found {len(manifest)}")
        self.config = json.loads(self.member(manifest[0]["Config"]))
        self.layer_paths = manifest[0]["Layers"]
        self.diff_ids = self.config.get("rootfs", {}).get("diff_ids", [])

    def member(self, name):
        f = self.tar.extractfile(name)
        if f is None:
            raise SystemExit(f"missing {name} in archive")
        return f.read()

    def layers(self):
        for path in self.layer_paths:
            data = self.member(path)
            yield tarfile.open(fileobj=io.BytesIO(data), mode="r:*")


class Node:
    """One path of the merged filesystem. Hard-linked paths share an inode object."""
    __slots__ = ("kind", "mode", "uid", "gid", "size", "sha256", "target", "inode", "xattrs", "text", "devmajor", "devminor")


def small_text(data):
    """Short UTF-8 content is kept verbatim too, so a reader sees what a RUN printed (informative; sha256 rules)."""
    if len(data) > 512:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def clean(name):
    while name.startswith("./"):
        name = name[2:]
    name = posixpath.normpath(name.lstrip("/")) if name.strip("/") else ""
    return "" if name == "." else name


def apply_layer(fs, layer):
    """Applies one layer tar to fs (path -> Node) the way a container runtime unpacks it."""
    added = set()
    members = layer.getmembers()
    # Opaque markers first: they hide the lower directory's children but never entries of this same layer.
    for m in members:
        name = clean(m.name)
        base = posixpath.basename(name)
        if base == OPAQUE:
            d = posixpath.dirname(name)
            prefix = d + "/" if d else ""
            for p in [p for p in fs if p.startswith(prefix) and p != d]:
                del fs[p]
    for m in members:
        name = clean(m.name)
        if not name:
            continue
        base = posixpath.basename(name)
        parent = posixpath.dirname(name)
        if base == OPAQUE:
            continue
        if base.startswith(WHITEOUT):
            victim = posixpath.join(parent, base[len(WHITEOUT):])
            for p in [p for p in fs if p == victim or p.startswith(victim + "/")]:
                del fs[p]
            continue
        existing = fs.get(name)
        if existing is not None and not (m.isdir() and existing.kind == "dir"):
            for p in [p for p in fs if p == name or p.startswith(name + "/")]:
                del fs[p]
        if m.islnk():
            src = fs.get(clean(m.linkname))
            if src is None:
                raise SystemExit(f"hard link {name} -> {m.linkname}: target missing")
            fs[name] = src
            added.add(name)
            continue
        node = Node()
        node.mode = m.mode & 0o7777
        node.uid, node.gid = m.uid, m.gid
        node.size = 0
        node.sha256 = None
        node.target = None
        node.text = None
        node.devmajor = node.devminor = None
        node.xattrs = {k[len("SCHILY.xattr."):]: v for k, v in (m.pax_headers or {}).items()
                       if k.startswith("SCHILY.xattr.")}
        if m.isdir():
            node.kind = "dir"
        elif m.issym():
            node.kind = "symlink"
            node.target = m.linkname
        elif m.isreg():
            node.kind = "file"
            data = layer.extractfile(m).read()
            node.size = len(data)
            node.sha256 = hashlib.sha256(data).hexdigest()
            node.text = small_text(data)
        elif m.ischr() or m.isblk():
            node.kind = "char" if m.ischr() else "block"
            node.devmajor, node.devminor = m.devmajor, m.devminor
        elif m.isfifo():
            node.kind = "fifo"
        else:
            raise SystemExit(f"{name}: unsupported tar entry type {m.type!r}")
        node.inode = node
        fs[name] = node
        added.add(name)
    return added


def build_fs(layers):
    fs = {}
    for layer in layers:
        apply_layer(fs, layer)
    return fs


def describe(fs, path, groups):
    node = fs[path]
    d = {"path": "/" + path, "type": node.kind, "mode": format(node.mode, "04o"), "uid": node.uid, "gid": node.gid}
    if node.kind == "file":
        d["size"] = node.size
        d["sha256"] = node.sha256
        if node.text is not None:
            d["text"] = node.text
        group = groups[id(node)]
        if len(group) > 1:
            d["links"] = ["/" + p for p in group]
            first = group[0]
            if first != path:
                d["hardLinkTo"] = "/" + first
    elif node.kind == "symlink":
        d["target"] = node.target
    elif node.kind in ("char", "block"):
        d["major"], d["minor"] = node.devmajor, node.devminor
    if node.xattrs:
        d["xattrs"] = {k: v.encode("utf-8", "surrogateescape").hex() if isinstance(v, str) else v.hex()
                       for k, v in sorted(node.xattrs.items())}
    return d


def signature(node):
    return (node.kind, node.mode, node.uid, node.gid, node.size, node.sha256, node.target,
            tuple(sorted(node.xattrs.items())) if node.xattrs else ())


def skipped(path):
    return any(path.startswith(p) for p in SKIP_PREFIXES)


def diff(base_fs, final_fs):
    groups = {}
    for p in sorted(final_fs):
        groups.setdefault(id(final_fs[p]), []).append(p)
    base_groups = {}
    for p in sorted(base_fs):
        base_groups.setdefault(id(base_fs[p]), []).append(p)

    def link_set(fs_groups, fs, p):
        return tuple(fs_groups[id(fs[p])])

    files = []
    for p in sorted(final_fs):
        if skipped(p):
            continue
        b = base_fs.get(p)
        if b is not None and signature(b) == signature(final_fs[p]) and \
                link_set(base_groups, base_fs, p) == link_set(groups, final_fs, p):
            continue
        files.append(describe(final_fs, p, groups))
    deleted = ["/" + p for p in sorted(base_fs) if p not in final_fs and not skipped(p)]
    return files, deleted


def normalise_config(cfg):
    c = cfg.get("config") or {}
    out = {"architecture": cfg.get("architecture"), "os": cfg.get("os")}
    if cfg.get("variant"):
        out["variant"] = cfg["variant"]
    # Kept exactly as written (BuildKit omits empty fields itself); only JSON nulls are dropped.
    out["config"] = {k: c[k] for k in CONFIG_FIELDS if c.get(k) is not None}
    history = []
    for h in cfg.get("history", []):
        e = {"created_by": h.get("created_by", "")}
        if h.get("empty_layer"):
            e["empty_layer"] = True
        if h.get("comment"):
            e["comment"] = h["comment"]
        history.append(e)
    out["history"] = history
    return out


def history_key(h):
    return h.get("created_by", ""), bool(h.get("empty_layer")), h.get("comment", "")


def success(args):
    image = SavedImage(args.image)
    base_ref, base_layers = "scratch", 0
    base_image = None
    for spec in args.base:
        ref, path = spec.split("=", 1)
        cand = SavedImage(path)
        n = len(cand.diff_ids)
        # Layers alone are ambiguous (an image that only adds config, like an ONBUILD parent, shares its base's
        # layers), so the base's history must be a prefix of the result's too.
        hist = [history_key(h) for h in cand.config.get("history", [])]
        mine = [history_key(h) for h in image.config.get("history", [])]
        if n and n > base_layers and image.diff_ids[:n] == cand.diff_ids and mine[:len(hist)] == hist:
            base_ref, base_layers, base_image = ref, n, cand
    base_fs = build_fs(base_image.layers()) if base_image else {}
    final_fs = build_fs(image.layers())
    files, deleted = diff(base_fs, final_fs)
    cfg = normalise_config(image.config)
    base_history = len(base_image.config.get("history", [])) if base_image else 0
    return {
        "case": args.case,
        "buildArgs": read_args(args.args_file),
        "result": "success",
        "base": {"image": base_ref, "layers": base_layers, "history": base_history},
        "platform": {k: cfg[k] for k in ("architecture", "os", "variant") if k in cfg},
        "config": cfg["config"],
        "layers": len(image.diff_ids),
        "history": cfg["history"],
        "files": files,
        "deleted": deleted,
    }


ERROR_NOISE = [
    (re.compile(r"sha256:[0-9a-f]{64}"), "sha256:<digest>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<uuid>"),  # snapshot refs
    (re.compile(r"\b[0-9a-z]{25}\b"), "<id>"),  # BuildKit vertex / session ids
    (re.compile(r"\d+\.\d+s\b"), "<time>"),
]


def scrub(line):
    for rx, repl in ERROR_NOISE:
        line = rx.sub(repl, line)
    return line.rstrip()


def failure(args):
    with open(args.failed_log, encoding="utf-8", errors="replace") as f:
        lines = [l.rstrip("\n") for l in f]
    errors = [scrub(l) for l in lines if l.startswith("ERROR:") or l.startswith("ERROR ")]
    # BuildKit prints the failing instruction with its Dockerfile line: "Dockerfile:7" then a source excerpt.
    location = None
    excerpt = []
    for i, l in enumerate(lines):
        m = re.match(r"^(Dockerfile):(\d+)$", l.strip())
        if m:
            location = {"file": m.group(1), "line": int(m.group(2))}
            excerpt = []
            for l2 in lines[i + 1:]:
                if l2.startswith("ERROR:") or not l2.strip():
                    break
                excerpt.append(l2.rstrip())
    # The step BuildKit reports as failed: "#N [stage k/n] INSTRUCTION" followed later by "#N ERROR: ...".
    step = None
    headers = {}
    for l in lines:
        m = re.match(r"^#(\d+) (\[.*)$", l)
        if m:
            headers[m.group(1)] = m.group(2)
        m = re.match(r"^#(\d+) ERROR: ", l)
        if m and m.group(1) in headers:
            step = headers[m.group(1)]
    return {
        "case": args.case,
        "buildArgs": read_args(args.args_file),
        "result": "failure",
        "exitCode": args.exit_code,
        "failedStep": step,
        "location": location,
        "excerpt": excerpt,
        "errors": errors,
    }


def step_outcomes(log_path):
    """The Dockerfile steps of a plain-progress log that BuildKit ran and that it found in the cache, by header; FROM
    and BuildKit's [internal] steps left out (whether a base counts as cached depends on the engine's image store, not
    on the Dockerfile)."""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        lines = [l.rstrip("\n") for l in f]
    headers, cached = {}, set()
    for l in lines:
        m = re.match(r"^#(\d+) (\[.*)$", l)
        if m and not re.match(r"^\[(internal\]|[^\]]*\] FROM )", m.group(2)):
            headers.setdefault(m.group(1), m.group(2))
        m = re.match(r"^#(\d+) CACHED$", l)
        if m:
            cached.add(m.group(1))
    ordered = sorted(headers, key=int)
    return ([headers[n] for n in ordered if n in cached], [headers[n] for n in ordered if n not in cached])


def rebuild(args):
    cached, ran = step_outcomes(args.rebuild_log)
    return {"sameImage": args.same_image == "true", "cached": cached, "ran": ran}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True)
    ap.add_argument("--args-file", required=True)
    ap.add_argument("--image")
    ap.add_argument("--base", action="append", default=[], help="REF=docker-save.tar of a candidate base image")
    ap.add_argument("--failed-log")
    ap.add_argument("--exit-code", type=int)
    ap.add_argument("--replace", action="append", default=[],
                    help="OLD=NEW: write NEW for OLD everywhere (a loopback server's URL becomes its placeholder)")
    ap.add_argument("--rebuild-log", help="plain log of the second build of a case with rebuild/ (its image is --image)")
    ap.add_argument("--same-image", choices=["true", "false"], help="whether the second build gave the first's image ID")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    result = success(args) if args.image else failure(args)
    if args.rebuild_log:
        result["rebuild"] = rebuild(args)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    for spec in args.replace:
        old, new = spec.split("=", 1)
        text = text.replace(old, new)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
