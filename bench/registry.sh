# Sourced by the bench scripts: a docker-registry on a free 127.0.0.1 port, its state under a given directory.

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# registry_config DIR ADDR: a fresh DIR with config.yml serving ADDR (quiet logs, deletes allowed).
registry_config() {
  local dir="$1" addr="$2"
  rm -rf "$dir"; mkdir -p "$dir"
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
YAML
}

# wait_registry ADDR: true once ADDR answers /v2/ (up to 10 s).
wait_registry() {
  for _ in $(seq 100); do curl -fs "http://$1/v2/" >/dev/null && return 0; sleep 0.1; done
  curl -fs "http://$1/v2/" >/dev/null
}
