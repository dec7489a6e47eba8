#!/usr/bin/env bash
# Private Docker engines, each in a network namespace of its own, so that several engines run
# side by side on one machine (CI's engine legs) without touching the machine's own engine.
#
#   engine-ns.sh up NAME IDX [--engine current|debian12] [--store containerd|classic]
#   engine-ns.sh up NAME          start again what stopped, with the settings NAME was made with
#   engine-ns.sh run NAME -- CMD  run CMD inside the namespace, with its engine's environment
#   engine-ns.sh env NAME         print that environment
#   engine-ns.sh down NAME        stop the engine and its mirror, remove the namespace and data
#
# IDX (1-250, unique per engine on the machine) numbers the namespace's link: 10.213.IDX.2, with
# a default route, as swarm needs. Inside, 127.0.0.1:5000 is a read-only mirror over the kit's
# registry storage: every engine shares the stand-in images and none can change them.
# Needs the kit's packages and seeded mirror: run scripts/engine-up.sh once (or --fetch-only
# plus a seeded DOJO_KIT_DIR/registry). The daemon is entered with nsenter, not `ip netns exec`,
# which remounts /sys and hides the cgroup tree dockerd needs. See scripts/ENGINE-KIT.md.
set -Eeuo pipefail

KIT_DIR=${DOJO_KIT_DIR:-/var/lib/docker-dojo-kit}
D26_DIR="${KIT_DIR}/docker26"
SELF=$(readlink -f "$0")

die() {
  printf 'engine-ns: %s\n' "$*" >&2
  exit 1
}
usage() { sed -n '/^#   engine-ns.sh up NAME IDX/,/^#   engine-ns.sh down/p' "$SELF" | sed 's/^# \{0,1\}//'; }

cmd=${1:-}
name=${2:-}
[[ -n $cmd && -n $name ]] || { usage >&2; exit 2; }
[[ $name =~ ^[a-z0-9][a-z0-9-]{0,14}$ ]] || die "NAME must be 1-15 lower-case letters, digits or dashes, got '${name}'"
shift 2
ns="dojo-${name}"
d="${KIT_DIR}/ns/${name}"
host_veth="dh-${name}"
ns_veth="dn-${name}"
in_ns() { nsenter --net="/var/run/netns/${ns}" "$@"; }
sock() { echo "${d}/run/docker.sock"; }
engine_answers() { [[ $(curl -sS -m 5 --unix-socket "$(sock)" http://localhost/_ping 2>/dev/null) == OK ]]; }
mirror_answers() { in_ns curl -fsS -m 2 -o /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null; }

env_lines() {
  # shellcheck disable=SC1091
  source "${d}/settings"
  echo "DOCKER_HOST=unix://$(sock)"
  echo "DOCKER_CONFIG=${d}/config"
  echo "PATH=${d}/bin:${PATH}"
  # For tests that stop and start the engine or its mirror (DOJO_ENGINE_RESTART=1).
  echo "DOJO_DOCKERD_PIDFILE=${d}/run/docker.pid"
  echo "DOJO_MIRROR_PIDFILE=${d}/registry.pid"
  echo "DOJO_KIT_UP=bash ${SELF} up ${name}"
}

up() {
  local idx="" engine="" store="" i
  if [[ -n ${1:-} && $1 != --* ]]; then idx=$1; shift; fi
  while (($#)); do
    case $1 in
      --engine) engine=${2:-}; shift 2 ;;
      --store) store=${2:-}; shift 2 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  if [[ -f ${d}/settings ]]; then
    # shellcheck disable=SC1091
    source "${d}/settings"
  fi
  idx=${idx:-${IDX:-}}
  engine=${engine:-${ENGINE:-current}}
  store=${store:-${STORE:-}}
  [[ $engine == debian12 ]] && store=classic
  store=${store:-containerd}
  if ! [[ $idx =~ ^[0-9]+$ ]] || ((idx < 1 || idx > 250)); then die "IDX must be a number from 1 to 250"; fi
  [[ $engine == current || $engine == debian12 ]] || die "--engine must be current or debian12"
  [[ $store == containerd || $store == classic ]] || die "--store must be containerd or classic"
  if [[ $engine == current && ! -x ${D26_DIR}/bin/dockerd ]]; then
    die "Docker 26 is not in the kit yet: run scripts/engine-up.sh --fetch-only"
  fi
  [[ -d ${KIT_DIR}/registry/docker ]] || die "the kit's mirror storage is empty: run scripts/engine-up.sh once"

  mkdir -p "${d}/run" "${d}/data" "${d}/exec" "${d}/bin" "${d}/config"
  printf 'IDX=%s\nENGINE=%s\nSTORE=%s\n' "$idx" "$engine" "$store" >"${d}/settings"
  # The engine's own CLI first on PATH. The current engine gets buildx and compose; Debian 12's
  # gets compose alone, as learners on 20.10 install the plugin (buildx would change its builder).
  [[ -L ${d}/config/cli-plugins ]] && rm -f "${d}/config/cli-plugins"
  if [[ $engine == current ]]; then
    ln -sfn "${D26_DIR}/bin/docker" "${d}/bin/docker"
    rm -rf "${d}/config/cli-plugins"
    ln -sfn "${D26_DIR}/cli-plugins" "${d}/config/cli-plugins"
  else
    ln -sfn "$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v docker)" "${d}/bin/docker"
    mkdir -p "${d}/config/cli-plugins"
    if [[ -x ${D26_DIR}/cli-plugins/docker-compose ]]; then
      ln -sfn "${D26_DIR}/cli-plugins/docker-compose" "${d}/config/cli-plugins/docker-compose"
    else
      echo "engine-ns: no compose plugin in the kit (run scripts/engine-up.sh --fetch-only): docker compose will be missing in ${ns}" >&2
    fi
  fi

  if ! ip netns list | grep -qw "$ns"; then
    ip netns add "$ns"
    ip link add "$host_veth" type veth peer name "$ns_veth"
    ip link set "$ns_veth" netns "$ns"
    ip addr add "10.213.${idx}.1/24" dev "$host_veth"
    ip link set "$host_veth" up
    in_ns ip addr add "10.213.${idx}.2/24" dev "$ns_veth"
    in_ns ip link set "$ns_veth" up
    in_ns ip link set lo up
    in_ns ip route add default via "10.213.${idx}.1"
  fi

  cat >"${d}/registry.yml" <<EOF
# Written by scripts/engine-ns.sh: a read-only mirror over the kit's storage.
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: ${KIT_DIR}/registry}
  maintenance: {readonly: {enabled: true}, uploadpurging: {enabled: false}}
http: {addr: 127.0.0.1:5000}
EOF
  if ! mirror_answers; then
    # shellcheck disable=SC2016  # expanded by the inner shell
    nsenter --net="/var/run/netns/${ns}" setsid bash -c 'echo $$ >"$1/registry.pid"; exec docker-registry serve "$1/registry.yml"' _ "$d" >>"${d}/registry.log" 2>&1 </dev/null &
  fi

  local features=""
  [[ $engine == current ]] && features=", \"features\": {\"containerd-snapshotter\": $([[ $store == containerd ]] && echo true || echo false)}"
  cat >"${d}/daemon.json" <<EOF
{ "data-root": "${d}/data", "exec-root": "${d}/exec", "pidfile": "${d}/run/docker.pid",
  "hosts": ["unix://$(sock)"], "registry-mirrors": ["http://127.0.0.1:5000"]${features} }
EOF
  if ! engine_answers; then
    local path=$PATH dockerd=dockerd
    if [[ $engine == current ]]; then path="${D26_DIR}/bin:${PATH}"; dockerd="${D26_DIR}/bin/dockerd"; fi
    nsenter --net="/var/run/netns/${ns}" setsid env PATH="$path" "$dockerd" --config-file "${d}/daemon.json" >>"${d}/dockerd.log" 2>&1 </dev/null &
    for ((i = 0; i < 120; i++)); do engine_answers && break; sleep 0.5; done
    engine_answers || { tail -n 20 "${d}/dockerd.log" >&2; die "dockerd in ${ns} did not answer within 60 s (log ${d}/dockerd.log)"; }
  fi
  for ((i = 0; i < 40; i++)); do mirror_answers && break; sleep 0.25; done
  mirror_answers || { tail -n 20 "${d}/registry.log" >&2; die "the mirror in ${ns} does not answer (log ${d}/registry.log)"; }
  in_ns curl -fsS -m 5 -o /dev/null -I -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    http://127.0.0.1:5000/v2/library/alpine/manifests/3.20 ||
    die "the kit's mirror has no stand-in images: run scripts/engine-up.sh once"
  # The first image and container listings after a start are the slowest: made here, not in a test.
  DOCKER_HOST="unix://$(sock)" "${d}/bin/docker" image ls >/dev/null
  DOCKER_HOST="unix://$(sock)" "${d}/bin/docker" ps -a >/dev/null
  echo "engine ${name} up: Docker $(DOCKER_HOST="unix://$(sock)" "${d}/bin/docker" version --format '{{.Server.Version}}'), ${store} store (${engine})"
}

stop_pidfile() { # FILE WHAT
  local pid i
  pid=$(cat "$1" 2>/dev/null || true)
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "engine-ns: ${2} (pid ${pid}) did not stop in 30 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

down() {
  [[ -d $d ]] || ip netns list | grep -qw "$ns" || return 0
  stop_pidfile "${d}/run/docker.pid" dockerd
  stop_pidfile "${d}/registry.pid" "the mirror"
  # Whatever else still runs in the namespace (container shims) goes with it.
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip link del "$host_veth" 2>/dev/null || true
  awk -v d="$d" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$d"
  echo "engine ${name} down"
}

case $cmd in
  up) up "$@" ;;
  run)
    [[ ${1:-} == -- ]] && shift
    (($#)) || die "run NAME -- CMD: no command given"
    [[ -f ${d}/settings ]] || die "no engine ${name}: engine-ns.sh up ${name} IDX first"
    mapfile -t vars < <(env_lines)
    exec nsenter --net="/var/run/netns/${ns}" env "${vars[@]}" "$@"
    ;;
  env)
    [[ -f ${d}/settings ]] || die "no engine ${name}"
    env_lines
    ;;
  down) down ;;
  *) usage >&2; exit 2 ;;
esac
