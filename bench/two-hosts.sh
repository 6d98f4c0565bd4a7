#!/bin/bash
# bench/two-hosts.sh setup|teardown
# dsl-examples/two-hosts.netns.groovy as the shell script it replaces: the same namespaces,
# veth, addresses (IPv6 without DAD, as nslab adds them) and links up, one ip command each.
# It checks nothing and waits for nothing; nslab's up also waits until the links are really
# up and runs the script's ping expectation. The yardstick for "up and down within 8x of bash".
set -e
case $1 in
  setup)
    ip netns add h1
    ip netns add h2
    ip link add eth0 netns h1 type veth peer name eth0 netns h2
    ip -n h1 addr add 10.0.0.1/24 dev eth0
    ip -n h1 addr add fd00::1/64 dev eth0 nodad
    ip -n h2 addr add 10.0.0.2/24 dev eth0
    ip -n h2 addr add fd00::2/64 dev eth0 nodad
    ip -n h1 link set lo up
    ip -n h2 link set lo up
    ip -n h1 link set eth0 up
    ip -n h2 link set eth0 up
    ;;
  teardown)
    ip netns del h1
    ip netns del h2
    ;;
  *) echo "usage: $0 setup|teardown" >&2; exit 2 ;;
esac
