// ipcs, ip link and ip addr over the simulator, against what util-linux
// 2.38 and iproute2 6.1 printed on Linux 6.18 for the same calls (MAC
// addresses aside: they are random on Linux).
import { describe, expect, it } from 'vitest';
import { simRun } from './sim-helpers.ts';

const MAC = /([0-9a-f]{2}:){5}[0-9a-f]{2}/g;
const noMac = (s: string) => s.replace(MAC, (m) => (m === '00:00:00:00:00:00' || m === 'ff:ff:ff:ff:ff:ff' ? m : 'MAC'));

describe('ipcs', () => {
  it('an empty IPC namespace: the three headers', async () => {
    const { out } = await simRun('init: ipcs');
    expect(out(1)).toBe('\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n\n'
      + '------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n\n'
      + '------ Semaphore Arrays --------\nkey        semid      owner      perms      nsems     \n\n');
  });

  it('one object of each kind, and -s alone', async () => {
    const { out } = await simRun(`init: msgget(0x2a, IPC_CREAT | 0644)
init: msgsnd(0, 1, "hello", 0)
init: shmget(0x10, 100, IPC_CREAT | 0600)
init: semget(0x11, 2, IPC_CREAT | 0600)
init: ipcs
init: ipcs -s`);
    expect(out(5)).toBe('\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n'
      + '0x0000002a 0          root       644        5            1           \n\n'
      + '------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n'
      + '0x00000010 0          root       600        100        0                       \n\n'
      + '------ Semaphore Arrays --------\nkey        semid      owner      perms      nsems     \n'
      + '0x00000011 0          root       600        2         \n\n');
    expect(out(6)).toBe('\n------ Semaphore Arrays --------\nkey        semid      owner      perms      nsems     \n'
      + '0x00000011 0          root       600        2         \n\n');
  });
});

describe('ip', () => {
  it('ip link and ip addr: lo up, a veth pair with one end up and an address', async () => {
    const { out } = await simRun(`init: ip link
init: ip link add veth0 type veth peer name veth1
init: ip link set lo up
init: ip link set veth0 up
init: ip addr add 10.0.0.1/24 dev veth0
init: ip addr add 10.0.0.1/24 dev veth0
init: ip addr`);
    expect(out(1)).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n'
      + '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
    expect(out(6)).toBe('Error: ipv4: Address already assigned.\n');
    expect(noMac(out(7))).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n'
      + '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
      + '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n'
      + '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n'
      + '2: veth1@veth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default qlen 1000\n'
      + '    link/ether MAC brd ff:ff:ff:ff:ff:ff\n'
      + '3: veth0@veth1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000\n'
      + '    link/ether MAC brd ff:ff:ff:ff:ff:ff\n'
      + '    inet 10.0.0.1/24 scope global veth0\n       valid_lft forever preferred_lft forever\n');
  });

  it('an end moved to another namespace shows @ifN and link-netnsid on both sides; errors as ip words them', async () => {
    const { out } = await simRun(`init: clone(CLONE_NEWNET | SIGCHLD) -> c
init: ip link add veth0 type veth peer name veth1
init: ip link set veth1 netns 2
init: ip link set lo netns 2
init: ip link show veth0
c: ip link
c: ip link set nope up
c: ip link del lo
c: ip addr del 10.9.9.9/24 dev veth1
init: ip link show nope`);
    expect(out(4)).toBe('Error: The interface netns is immutable.\n');
    expect(noMac(out(5))).toBe('3: veth0@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n'
      + '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netnsid 0\n');
    expect(noMac(out(6))).toBe('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n'
      + '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n'
      + '2: veth1@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n'
      + '    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netnsid 0\n');
    expect(out(7)).toBe('Cannot find device "nope"\n');
    expect(out(8)).toBe('RTNETLINK answers: Operation not supported\n');
    expect(out(9)).toBe('Error: ipv4: Address not found.\n');
    expect(out(10)).toBe('Device "nope" does not exist.\n');
  });
});
