#!/usr/bin/env bash
# Test hosts in network namespaces: a learner host and actor hosts joined by a bridge in a namespace of its own,
# with optional packet loss (nftables; this machine kind's kernel has no netem). Needs root, ip and nft.
#   netns.sh up TAG SUBNET ACTORS LOSS_PERCENT   -> namespaces TAG-l, TAG-a1..TAG-aN, TAG-br;
#                                                  addresses 10.203.SUBNET.1 (learner), 10.203.SUBNET.11.. (actors)
#   netns.sh loss TAG ACTORS LOSS_PERCENT [HOST] -> sets the drop rate on every host's incoming packets (0: none),
#                                                  or only on HOST's (l, a1, a2, ...)
#   netns.sh down TAG ACTORS                     -> deletes them (never fails)
# Only addresses 10.203.SUBNET.0/24 on veths made here; nothing touches the root namespace's routes or interfaces.
set -euo pipefail

hosts() { # TAG ACTORS
  echo "$1-l"
  local i
  for ((i = 1; i <= $2; i++)); do echo "$1-a$i"; done
}

set_loss() { # NS PERCENT
  ip netns exec "$1" nft delete table inet tributary_loss 2>/dev/null || true
  if (($2 > 0)); then
    ip netns exec "$1" nft -f - <<NFT
table inet tributary_loss {
  chain prerouting {
    type filter hook prerouting priority -500; policy accept;
    numgen random mod 100 < $2 drop
  }
}
NFT
  fi
}

cmd="$1"
shift
case "$cmd" in
  up)
    tag="$1" subnet="$2" actors="$3" loss="$4"
    (( subnet >= 1 && subnet <= 254 )) || { echo "netns.sh: subnet must be in [1, 254]" >&2; exit 2; }
    ip netns add "$tag-br"
    ip -n "$tag-br" link add br0 type bridge
    ip -n "$tag-br" link set br0 up
    ip -n "$tag-br" link set lo up
    n=0
    for ns in $(hosts "$tag" "$actors"); do
      if [[ "$ns" == "$tag-l" ]]; then addr="10.203.$subnet.1"; else n=$((n + 1)); addr="10.203.$subnet.$((10 + n))"; fi
      ip netns add "$ns"
      ip -n "$ns" link set lo up
      # the veth's two ends are made in the host's namespace, one moved into the bridge's
      ip -n "$ns" link add eth0 type veth peer name "p$n" netns "$tag-br"
      ip -n "$tag-br" link set "p$n" master br0
      ip -n "$tag-br" link set "p$n" up
      ip -n "$ns" addr add "$addr/24" dev eth0
      ip -n "$ns" link set eth0 up
      set_loss "$ns" "$loss"
    done
    ;;
  loss)
    tag="$1" actors="$2" loss="$3" only="${4:-}"
    for ns in $(hosts "$tag" "$actors"); do
      if [[ -z "$only" || "$ns" == "$tag-$only" ]]; then set_loss "$ns" "$loss"; else set_loss "$ns" 0; fi
    done
    ;;
  down)
    tag="$1" actors="$2"
    for ns in $(hosts "$tag" "$actors") "$tag-br"; do ip netns delete "$ns" 2>/dev/null || true; done
    ;;
  *)
    echo "netns.sh: up|loss|down" >&2
    exit 2
    ;;
esac
