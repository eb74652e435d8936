/* nslab puppet: the System V IPC, POSIX message queue and rtnetlink calls
 * of host-backend/backend.ts. Included by puppet.c (one translation unit):
 * each helper performs the one request and returns the value or -errno; text
 * goes to `out` (*len). Nothing here decides: the arguments are C's. */
#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <mqueue.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>


/* ---- System V IPC ---- */

/* msgsnd(msqid, mtype, text, msgflg): struct msgbuf built in the scratch buffer */
static int64_t do_msgsnd(char *scratch, int id, long mtype, const char *text, int flg) {
  size_t n = strlen(text);
  memcpy(scratch, &mtype, sizeof mtype);
  memcpy(scratch + sizeof mtype, text, n);
  return sys(msgsnd(id, scratch, n, flg));
}

/* msgrcv(msqid, msgsz, msgtyp, msgflg): the text after the mtype goes to out */
static int64_t do_msgrcv(char *out, uint32_t *len, int id, long sz, long typ, int flg) {
  if (sz < 0 || (size_t)sz > MAX_MSG - sizeof(long)) sz = -1; /* the kernel's EINVAL for a negative size */
  ssize_t r = msgrcv(id, out, (size_t)sz, typ, flg);
  if (r < 0) return -errno;
  memmove(out, out + sizeof(long), (size_t)r);
  *len = (uint32_t)r;
  return r;
}

/* semop(semid, sem_num, sem_op, sem_flg): one struct sembuf */
static int64_t do_semop(int id, long num_, long op, long flg) {
  struct sembuf sb = { .sem_num = (unsigned short)num_, .sem_op = (short)op, .sem_flg = (short)flg };
  return sys(semop(id, &sb, 1));
}

/* ---- POSIX message queues: the descriptor lives only inside the call ---- */

static int64_t do_mq_open(const char *name, int oflag, long mode) {
  mqd_t q = mq_open(name, oflag | O_CLOEXEC, (mode_t)mode, NULL);
  if (q < 0) return -errno;
  mq_close(q);
  return 0;
}

static int64_t do_mq_send(const char *name, const char *text, long prio) {
  mqd_t q = mq_open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (q < 0) return -errno;
  int64_t r = sys(mq_send(q, text, strlen(text), (unsigned)prio));
  mq_close(q);
  return r;
}

static int64_t do_mq_receive(const char *name, char *out, uint32_t *len) {
  mqd_t q = mq_open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (q < 0) return -errno;
  ssize_t r = mq_receive(q, out, MAX_MSG, NULL);
  int e = errno;
  mq_close(q);
  if (r < 0) return -e;
  *len = (uint32_t)r;
  return r;
}

static int64_t do_mq_getattr(const char *name, char *out, uint32_t *len) {
  mqd_t q = mq_open(name, O_RDONLY | O_CLOEXEC);
  if (q < 0) return -errno;
  struct mq_attr a;
  int r = mq_getattr(q, &a);
  int e = errno;
  mq_close(q);
  if (r < 0) return -e;
  *len = (uint32_t)snprintf(out, 128, "%ld %ld %ld %ld", a.mq_flags, a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
  return 0;
}

/* ---- rtnetlink: one request, acknowledged; or one dump ---- */

struct nlreq { struct nlmsghdr h; char body[1024]; };

static struct rtattr *rta_add(struct nlmsghdr *h, int type, const void *data, size_t n) {
  struct rtattr *a = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
  a->rta_type = (unsigned short)type;
  a->rta_len = (unsigned short)RTA_LENGTH(n);
  if (n) memcpy(RTA_DATA(a), data, n);
  h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
  return a;
}
static void rta_end(struct nlmsghdr *h, struct rtattr *a) { a->rta_len = (unsigned short)((char *)h + h->nlmsg_len - (char *)a); }

static int rtnl_open(void) {
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (s < 0) return -errno;
  struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
  if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) { int e = errno; close(s); return -e; }
  return s;
}

/* Sends the request and returns the ack's error (0 or -errno). */
static int64_t rtnl_talk(struct nlmsghdr *h) {
  int s = rtnl_open();
  if (s < 0) return s;
  h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  h->nlmsg_seq = 1;
  if (send(s, h, h->nlmsg_len, 0) < 0) { int e = errno; close(s); return -e; }
  char buf[8192];
  for (;;) {
    ssize_t n = recv(s, buf, sizeof buf, 0);
    if (n < 0) { if (errno == EINTR) continue; int e = errno; close(s); return -e; }
    for (struct nlmsghdr *r = (struct nlmsghdr *)buf; NLMSG_OK(r, (unsigned)n); r = NLMSG_NEXT(r, n)) {
      if (r->nlmsg_type == NLMSG_ERROR) {
        int e = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
        close(s);
        return e;
      }
    }
  }
}

static struct nlmsghdr *link_req(struct nlreq *q, int type, int flags, const char *name) {
  memset(q, 0, sizeof *q);
  q->h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
  q->h.nlmsg_type = (unsigned short)type;
  q->h.nlmsg_flags = (unsigned short)flags;
  ((struct ifinfomsg *)NLMSG_DATA(&q->h))->ifi_family = AF_UNSPEC;
  if (name && *name) rta_add(&q->h, IFLA_IFNAME, name, strlen(name) + 1);
  return &q->h;
}

/* link_add_veth(name, peer): `ip link add NAME type veth peer name PEER` */
static int64_t do_link_add_veth(const char *name, const char *peer) {
  struct nlreq q;
  struct nlmsghdr *h = link_req(&q, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, name);
  struct rtattr *li = rta_add(h, IFLA_LINKINFO, NULL, 0);
  rta_add(h, IFLA_INFO_KIND, "veth", 5);
  struct rtattr *data = rta_add(h, IFLA_INFO_DATA, NULL, 0);
  struct rtattr *p = rta_add(h, VETH_INFO_PEER, NULL, 0);
  struct ifinfomsg pi = { .ifi_family = AF_UNSPEC };
  memcpy((char *)h + h->nlmsg_len, &pi, sizeof pi);
  h->nlmsg_len += NLMSG_ALIGN(sizeof pi);
  if (*peer) rta_add(h, IFLA_IFNAME, peer, strlen(peer) + 1);
  rta_end(h, p);
  rta_end(h, data);
  rta_end(h, li);
  return rtnl_talk(h);
}

/* link_del(name), link_set(name, up) */
static int64_t do_link_del(const char *name) {
  struct nlreq q;
  return rtnl_talk(link_req(&q, RTM_DELLINK, 0, name));
}

static int64_t do_link_set(const char *name, long up) {
  struct nlreq q;
  struct nlmsghdr *h = link_req(&q, RTM_NEWLINK, 0, name);
  struct ifinfomsg *i = NLMSG_DATA(h);
  i->ifi_change = IFF_UP;
  i->ifi_flags = up ? IFF_UP : 0;
  return rtnl_talk(h);
}

/* link_setns(name, path): IFLA_NET_NS_FD of the file at path */
static int64_t do_link_setns(const char *name, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  struct nlreq q;
  struct nlmsghdr *h = link_req(&q, RTM_NEWLINK, 0, name);
  uint32_t f = (uint32_t)fd;
  rta_add(h, IFLA_NET_NS_FD, &f, sizeof f);
  int64_t r = rtnl_talk(h);
  close(fd);
  return r;
}

/* addr_add/addr_del(name, "A/LEN"): as `ip addr add|del A/LEN dev NAME` (scope
 * host for 127.0.0.0/8 and ::1, link for fe80::/10, else global; no broadcast) */
static int64_t do_addr(const char *name, const char *cidr, int add) {
  char a[64];
  const char *slash = strchr(cidr, '/');
  size_t n = slash ? (size_t)(slash - cidr) : strlen(cidr);
  if (n >= sizeof a) return -EINVAL;
  memcpy(a, cidr, n);
  a[n] = 0;
  int family = strchr(a, ':') ? AF_INET6 : AF_INET;
  unsigned char bin[16];
  if (inet_pton(family, a, bin) != 1) return -EINVAL;
  long len = family == AF_INET ? 32 : 128;
  if (slash) {
    char *end;
    len = strtol(slash + 1, &end, 10);
    if (!slash[1] || *end || len < 0 || len > (family == AF_INET ? 32 : 128)) return -EINVAL;
  }
  unsigned idx = if_nametoindex(name);
  if (!idx) return -errno;
  struct nlreq q;
  memset(&q, 0, sizeof q);
  q.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
  q.h.nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
  q.h.nlmsg_flags = add ? NLM_F_CREATE | NLM_F_EXCL : 0;
  struct ifaddrmsg *m = NLMSG_DATA(&q.h);
  m->ifa_family = (unsigned char)family;
  m->ifa_prefixlen = (unsigned char)len;
  m->ifa_index = idx;
  if (family == AF_INET) m->ifa_scope = bin[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  else if (IN6_IS_ADDR_LOOPBACK((struct in6_addr *)bin)) m->ifa_scope = RT_SCOPE_HOST;
  else m->ifa_scope = IN6_IS_ADDR_LINKLOCAL((struct in6_addr *)bin) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
  size_t alen = family == AF_INET ? 4 : 16;
  rta_add(&q.h, IFA_LOCAL, bin, alen);
  rta_add(&q.h, IFA_ADDRESS, bin, alen);
  return rtnl_talk(&q.h);
}

static const char *const OPERSTATES[] = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP" };

static void mac_text(char *dst, const struct rtattr *a) {
  const unsigned char *p = RTA_DATA(a);
  int n = (int)RTA_PAYLOAD(a);
  dst[0] = 0;
  for (int i = 0; i < n && i < 32; i++) sprintf(dst + strlen(dst), i ? ":%02x" : "%02x", p[i]);
}

/* One line of the link_list text (backend.ts documents the fields). */
static size_t link_line(char *out, size_t room, struct nlmsghdr *r) {
  struct ifinfomsg *i = NLMSG_DATA(r);
  const char *name = "?", *qdisc = "-", *kind = "-";
  unsigned mtu = 0, txq = 0, group = 0, link = 0;
  int oper = 0, mode = 0, nsid = -1, has_link = 0;
  char addr[100] = "-", brd[100] = "-";
  int n = (int)IFLA_PAYLOAD(r);
  for (struct rtattr *a = IFLA_RTA(i); RTA_OK(a, n); a = RTA_NEXT(a, n)) {
    switch (a->rta_type) {
    case IFLA_IFNAME: name = RTA_DATA(a); break;
    case IFLA_QDISC: qdisc = RTA_DATA(a); break;
    case IFLA_MTU: mtu = *(unsigned *)RTA_DATA(a); break;
    case IFLA_TXQLEN: txq = *(unsigned *)RTA_DATA(a); break;
    case IFLA_GROUP: group = *(unsigned *)RTA_DATA(a); break;
    case IFLA_OPERSTATE: oper = *(unsigned char *)RTA_DATA(a); break;
    case IFLA_LINKMODE: mode = *(unsigned char *)RTA_DATA(a); break;
    case IFLA_LINK: link = *(unsigned *)RTA_DATA(a); has_link = 1; break;
    case IFLA_LINK_NETNSID: nsid = *(int *)RTA_DATA(a); break;
    case IFLA_ADDRESS: mac_text(addr, a); break;
    case IFLA_BROADCAST: mac_text(brd, a); break;
    case IFLA_LINKINFO: {
      int m = (int)RTA_PAYLOAD(a);
      for (struct rtattr *b = RTA_DATA(a); RTA_OK(b, m); b = RTA_NEXT(b, m))
        if (b->rta_type == IFLA_INFO_KIND) kind = RTA_DATA(b);
      break;
    }
    }
  }
  int w = snprintf(out, room, "%d %s 0x%x %u %s %s %u %d %u %u %s %s %u %d %s\n", i->ifi_index, name, i->ifi_flags, mtu,
                   qdisc, oper >= 0 && oper <= 6 ? OPERSTATES[oper] : "UNKNOWN", txq, mode, group, i->ifi_type, addr, brd,
                   has_link ? link : 0, nsid, kind);
  return w < 0 || (size_t)w >= room ? 0 : (size_t)w;
}

/* One line of the addr_list text. */
static size_t addr_line(char *out, size_t room, struct nlmsghdr *r) {
  struct ifaddrmsg *m = NLMSG_DATA(r);
  char addr[INET6_ADDRSTRLEN] = "?", brd[INET6_ADDRSTRLEN] = "-";
  const char *label = "-";
  unsigned flags = m->ifa_flags;
  const void *local = NULL, *address = NULL;
  int n = (int)IFA_PAYLOAD(r);
  for (struct rtattr *a = IFA_RTA(m); RTA_OK(a, n); a = RTA_NEXT(a, n)) {
    switch (a->rta_type) {
    case IFA_LOCAL: local = RTA_DATA(a); break;
    case IFA_ADDRESS: address = RTA_DATA(a); break;
    case IFA_BROADCAST: inet_ntop(m->ifa_family, RTA_DATA(a), brd, sizeof brd); break;
    case IFA_LABEL: label = RTA_DATA(a); break;
    case IFA_FLAGS: flags = *(unsigned *)RTA_DATA(a); break;
    }
  }
  if (local || address) inet_ntop(m->ifa_family, local ? local : address, addr, sizeof addr);
  int w = snprintf(out, room, "%u %s %s/%u %s %u 0x%x %s\n", m->ifa_index, m->ifa_family == AF_INET ? "inet" : "inet6",
                   addr, m->ifa_prefixlen, brd, m->ifa_scope, flags, label);
  return w < 0 || (size_t)w >= room ? 0 : (size_t)w;
}

/* link_list / addr_list: one RTM_GETLINK or RTM_GETADDR (AF_UNSPEC) dump */
static int64_t do_dump(int type, char *out, uint32_t *len) {
  int s = rtnl_open();
  if (s < 0) return s;
  struct { struct nlmsghdr h; struct ifinfomsg i; } req;
  memset(&req, 0, sizeof req);
  req.h.nlmsg_len = NLMSG_LENGTH(type == RTM_GETLINK ? sizeof(struct ifinfomsg) : sizeof(struct ifaddrmsg));
  req.h.nlmsg_type = (unsigned short)type;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.h.nlmsg_seq = 1;
  if (send(s, &req, req.h.nlmsg_len, 0) < 0) { int e = errno; close(s); return -e; }
  static char buf[65536];
  size_t used = 0;
  for (;;) {
    ssize_t n = recv(s, buf, sizeof buf, 0);
    if (n < 0) { if (errno == EINTR) continue; int e = errno; close(s); return -e; }
    for (struct nlmsghdr *r = (struct nlmsghdr *)buf; NLMSG_OK(r, (unsigned)n); r = NLMSG_NEXT(r, n)) {
      if (r->nlmsg_type == NLMSG_DONE) { close(s); *len = (uint32_t)used; return 0; }
      if (r->nlmsg_type == NLMSG_ERROR) { int e = ((struct nlmsgerr *)NLMSG_DATA(r))->error; close(s); return e; }
      if (r->nlmsg_type == RTM_NEWLINK) used += link_line(out + used, MAX_MSG - used, r);
      else if (r->nlmsg_type == RTM_NEWADDR) used += addr_line(out + used, MAX_MSG - used, r);
    }
  }
}
