// Drives a virtio-net device on QEMU's user-mode network (-netdev user): DHCP, ARP for the gateway and the
// DNS address (and for an address nobody has), ICMP echo with the gateway, malformed frames that must change
// nothing, a UDP and a TCP exchange with the host's echo servers on loopback (10.0.2.2 to the guest), a TCP
// connection refused by the host, and a connection the host opens into the guest through a hostfwd rule.
// The host's ports come on the kernel command line in the device tree: "ports=UDP:TCP:CLOSED".
#include "virtio.h"

#define NRX 4
#define BUF 2048
#define GATEWAY 0x0A000202u
#define DNS 0x0A000203u
#define GUEST 0x0A00020Fu
#define NOBODY 0x0A000263u
#define GUEST_PORT 7
#define SECOND 10000000UL

static struct vq rxq, txq;
static int hdr_len;
static uint8_t mac[6], gw_mac[6];
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static uint32_t my_ip;
static uint8_t rx_buf[NRX][BUF] __attribute__((aligned(16)));
static uint8_t tx_buf[BUF] __attribute__((aligned(16)));
static unsigned udp_port, tcp_port, closed_port;
static uint16_t ip_id = 1;

// --- bytes ---
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void copy(void *d, const void *s, unsigned n) { uint8_t *a = d; const uint8_t *b = s; while (n--) *a++ = *b++; }
static void zero(void *d, unsigned n) { uint8_t *a = d; while (n--) *a++ = 0; }
static int same(const void *x, const void *y, unsigned n) { const uint8_t *a = x, *b = y; while (n--) if (*a++ != *b++) return 0; return 1; }

static uint32_t sum16(uint32_t sum, const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i + 1 < n; i += 2) sum += get16(p + i);
    if (n & 1) sum += p[n - 1] << 8;
    return sum;
}
static uint16_t fold(uint32_t sum) { while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16); return (uint16_t)~sum; }

static void put_ip(uint32_t a) { put_dec(a >> 24); putc_('.'); put_dec(a >> 16 & 255); putc_('.'); put_dec(a >> 8 & 255); putc_('.'); put_dec(a & 255); }
static void put_mac(const uint8_t *m)
{
    const char *d = "0123456789abcdef";
    for (int i = 0; i < 6; i++) { if (i) putc_(':'); putc_(d[m[i] >> 4]); putc_(d[m[i] & 15]); }
}
static void put_text(const uint8_t *p, unsigned n) { putc_('\''); for (unsigned i = 0; i < n; i++) putc_(p[i] >= 32 && p[i] < 127 ? p[i] : '?'); putc_('\''); }

// --- the device ---
static void transmit(unsigned frame_len)
{
    zero(tx_buf, hdr_len);
    txq.desc[0] = (struct desc){ (unsigned long)tx_buf, hdr_len + frame_len, 0, 0 };
    unsigned before = used_irqs;
    submit(&txq, 0);
    if (wait_used(&txq, before) < 0) { puts_("net: transmit not completed\n"); poweroff(6); }
}
static uint8_t *frame_out(void) { return tx_buf + hdr_len; }

static void post_rx(uint16_t id)
{
    rxq.desc[id] = (struct desc){ (unsigned long)rx_buf[id], BUF, D_WRITE, 0 };
    submit_raw(&rxq, id);
}

static uint8_t rx_frame[BUF];

// The next received frame (copied out, its buffer posted again): its length, or -1 when `ticks` (0: no limit) pass.
static int receive(unsigned long ticks)
{
    unsigned t = timeouts;
    if (ticks) w64(MTIMECMP, r64(MTIME) + ticks);
    while (used_idx(&rxq) == rxq.used_seen)
    {
        mie_off();
        if (used_idx(&rxq) == rxq.used_seen && timeouts == t) asm volatile("wfi");
        mie_on();
        if (used_idx(&rxq) == rxq.used_seen && timeouts != t) return -1;
    }
    if (ticks) disarm_timeout();
    __sync_synchronize();
    volatile uint32_t *e = (volatile uint32_t *)(rxq.used + 4 + 8 * (rxq.used_seen % QSIZE));
    uint32_t id = e[0], len = e[1];
    rxq.used_seen++;
    int n = len >= (uint32_t)hdr_len ? (int)(len - hdr_len) : 0;
    if (id < NRX) { copy(rx_frame, rx_buf[id] + hdr_len, n); post_rx(id); }
    return n;
}

// --- building frames ---
static unsigned eth(uint8_t *f, const uint8_t *to, uint16_t type)
{
    copy(f, to, 6); copy(f + 6, mac, 6); put16(f + 12, type);
    return 14;
}

// An IPv4 header at f + 14 for `payload` bytes; returns the frame length so far (34).
static unsigned ipv4(uint8_t *f, const uint8_t *to, uint32_t src, uint32_t dst, uint8_t proto, unsigned payload)
{
    eth(f, to, 0x0800);
    uint8_t *ip = f + 14;
    zero(ip, 20);
    ip[0] = 0x45; put16(ip + 2, 20 + payload); put16(ip + 4, ip_id++); ip[8] = 64; ip[9] = proto;
    put32(ip + 12, src); put32(ip + 16, dst);
    put16(ip + 10, fold(sum16(0, ip, 20)));
    return 34;
}

static uint16_t transport_sum(uint32_t src, uint32_t dst, uint8_t proto, const uint8_t *seg, unsigned n)
{
    uint32_t s = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + n;
    return fold(sum16(s, seg, n));
}

static void send_udp(const uint8_t *to, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, const void *data, unsigned n)
{
    uint8_t *f = frame_out();
    unsigned at = ipv4(f, to, src, dst, 17, 8 + n);
    uint8_t *u = f + at;
    put16(u, sport); put16(u + 2, dport); put16(u + 4, 8 + n); put16(u + 6, 0);
    copy(u + 8, data, n);
    uint16_t c = transport_sum(src, dst, 17, u, 8 + n);
    put16(u + 6, c ? c : 0xffff);
    transmit(at + 8 + n);
}

static void send_arp(uint16_t op, const uint8_t *to, const uint8_t *tha, uint32_t tpa)
{
    uint8_t *f = frame_out();
    unsigned at = eth(f, to, 0x0806);
    uint8_t *a = f + at;
    put16(a, 1); put16(a + 2, 0x0800); a[4] = 6; a[5] = 4; put16(a + 6, op);
    copy(a + 8, mac, 6); put32(a + 14, my_ip); copy(a + 18, tha, 6); put32(a + 24, tpa);
    transmit(at + 28);
}

// --- parsing what comes back ---
struct packet { uint8_t *ip, *l4; unsigned l4_len; uint32_t src, dst; uint8_t proto, ttl; };

// An IPv4 packet for us, its checksums right; answers ARP requests for our address on the way.
static int parse(int n, struct packet *p)
{
    uint8_t *f = rx_frame;
    if (n < 14) return 0;
    uint16_t type = get16(f + 12);
    if (type == 0x0806 && n >= 42 && get16(f + 20) == 1 && my_ip && get32(f + 38) == my_ip)
    {
        uint8_t who[6]; copy(who, f + 22, 6);
        send_arp(2, who, who, get32(f + 28));
        return 0;
    }
    if (type != 0x0800 || n < 34) return 0;
    uint8_t *ip = f + 14;
    unsigned ihl = (ip[0] & 15) * 4, total = get16(ip + 2);
    if (ihl < 20 || total < ihl || 14 + total > (unsigned)n || fold(sum16(0, ip, ihl)) != 0) { puts_("net: bad IPv4 packet received\n"); return 0; }
    p->ip = ip; p->l4 = ip + ihl; p->l4_len = total - ihl;
    p->src = get32(ip + 12); p->dst = get32(ip + 16); p->proto = ip[9]; p->ttl = ip[8];
    if ((p->proto == 6 || (p->proto == 17 && get16(p->l4 + 6))) && transport_sum(p->src, p->dst, p->proto, p->l4, p->l4_len) != 0)
    { puts_("net: bad transport checksum received\n"); return 0; }
    return 1;
}

// --- DHCP ---
static uint8_t dhcp[300];
static const uint32_t XID = 0x52564a54;

static void dhcp_send(uint8_t type, uint32_t requested)
{
    zero(dhcp, sizeof dhcp);
    dhcp[0] = 1; dhcp[1] = 1; dhcp[2] = 6; put32(dhcp + 4, XID); put16(dhcp + 10, 0x8000);
    copy(dhcp + 28, mac, 6);
    uint8_t *o = dhcp + 236;
    o[0] = 99; o[1] = 130; o[2] = 83; o[3] = 99; o += 4;
    *o++ = 53; *o++ = 1; *o++ = type;
    if (requested) { *o++ = 50; *o++ = 4; put32(o, requested); o += 4; *o++ = 54; *o++ = 4; put32(o, GATEWAY); o += 4; }
    *o++ = 255;
    send_udp(bcast, 0, 0xffffffffu, 68, 67, dhcp, sizeof dhcp);
}

// Waits for the server's answer of `type`; prints its fields. Returns the address it gives.
static uint32_t dhcp_answer(uint8_t want, const char *name)
{
    struct packet p;
    for (int tries = 0; tries < 20; tries++)
    {
        int n = receive(2 * SECOND);
        if (n < 0) break;
        if (!parse(n, &p) || p.proto != 17 || get16(p.l4 + 2) != 68) continue;
        uint8_t *b = p.l4 + 8;
        unsigned len = p.l4_len - 8;
        if (len < 240 || b[0] != 2 || get32(b + 4) != XID) continue;
        uint32_t yiaddr = get32(b + 16), server = 0, router = 0, mask = 0, dns = 0, lease = 0;
        uint8_t type = 0;
        for (unsigned i = 240; i + 1 < len && b[i] != 255;)
        {
            if (b[i] == 0) { i++; continue; }
            uint8_t code = b[i], l = b[i + 1];
            uint8_t *v = b + i + 2;
            if (code == 53) type = v[0];
            if (code == 54) server = get32(v);
            if (code == 3) router = get32(v);
            if (code == 1) mask = get32(v);
            if (code == 6) dns = get32(v);
            if (code == 51) lease = get32(v);
            i += 2 + l;
        }
        if (type != want) continue;
        puts_("dhcp: "); puts_(name); putc_(' '); put_ip(yiaddr);
        puts_(" from "); put_ip(p.src); puts_(" to "); put_ip(p.dst);
        puts_(" server "); put_ip(server); puts_(" router "); put_ip(router); puts_(" mask "); put_ip(mask);
        puts_(" dns "); put_ip(dns); puts_(" lease "); put_dec(lease); putc_('\n');
        return yiaddr;
    }
    puts_("dhcp: no "); puts_(name); putc_('\n');
    return 0;
}

// --- ARP ---
static int arp_query(uint32_t ip, uint8_t *out, unsigned long ticks)
{
    send_arp(1, bcast, (const uint8_t[6]){ 0 }, ip);
    for (int tries = 0; tries < 10; tries++)
    {
        int n = receive(ticks);
        if (n < 0) return 0;
        uint8_t *f = rx_frame;
        if (n >= 42 && get16(f + 12) == 0x0806 && get16(f + 20) == 2 && get32(f + 28) == ip && same(f, mac, 6))
        {
            copy(out, f + 22, 6);
            return 1;
        }
    }
    return 0;
}

static void arp_test(uint32_t ip)
{
    uint8_t m[6];
    puts_("arp: "); put_ip(ip);
    if (arp_query(ip, m, SECOND)) { puts_(" is at "); put_mac(m); putc_('\n'); if (ip == GATEWAY) copy(gw_mac, m, 6); }
    else puts_(": no answer\n");
}

// --- ICMP ---
static void ping(uint32_t dst, uint16_t seq)
{
    uint8_t *f = frame_out();
    unsigned at = ipv4(f, gw_mac, my_ip, dst, 1, 8 + 32);
    uint8_t *c = f + at;
    c[0] = 8; c[1] = 0; put16(c + 2, 0); put16(c + 4, 0x1234); put16(c + 6, seq);
    for (int i = 0; i < 32; i++) c[8 + i] = (uint8_t)('a' + i % 26);
    put16(c + 2, fold(sum16(0, c, 40)));
    transmit(at + 40);
    struct packet p;
    for (int tries = 0; tries < 10; tries++)
    {
        int n = receive(2 * SECOND);
        if (n < 0) break;
        if (!parse(n, &p) || p.proto != 1) continue;
        uint8_t *r = p.l4;
        int ok = p.l4_len == 40 && r[0] == 0 && get16(r + 4) == 0x1234 && fold(sum16(0, r, 40)) == 0;
        for (int i = 0; ok && i < 32; i++) ok = r[8 + i] == (uint8_t)('a' + i % 26);
        puts_("icmp: echo reply from "); put_ip(p.src); puts_(" seq "); put_dec(get16(r + 6));
        puts_(" ttl "); put_dec(p.ttl); puts_(ok ? " data ok\n" : " data wrong\n");
        return;
    }
    puts_("icmp: no echo reply from "); put_ip(dst); putc_('\n');
}

// Frames a careless guest might send: each must be dropped without effect.
static void malformed(void)
{
    uint8_t *f = frame_out();
    // A runt.
    eth(f, gw_mac, 0x0800);
    transmit(10);
    // An IPv4 header whose checksum is wrong.
    unsigned at = ipv4(f, gw_mac, my_ip, GATEWAY, 1, 8);
    f[14 + 10] ^= 0x55;
    transmit(at + 8);
    // A total length beyond the frame.
    at = ipv4(f, gw_mac, my_ip, GATEWAY, 17, 8);
    put16(f + 14 + 2, 1400); put16(f + 14 + 10, 0); put16(f + 14 + 10, fold(sum16(0, f + 14, 20)));
    transmit(at + 8);
    // A TCP segment with a wrong checksum and a data offset past its end.
    at = ipv4(f, gw_mac, my_ip, GATEWAY, 6, 20);
    zero(f + at, 20); f[at + 12] = 0xf0; put16(f + at + 2, (uint16_t)tcp_port); f[at + 13] = 2;
    transmit(at + 20);
    // A truncated ARP message and an unknown EtherType.
    at = eth(f, bcast, 0x0806);
    transmit(at + 6);
    at = eth(f, bcast, 0x88b5);
    transmit(at + 40);
    puts_("net: malformed frames sent\n");
}

// --- UDP ---
static void udp_test(void)
{
    static const char msg[] = "hello over udp";
    send_udp(gw_mac, my_ip, GATEWAY, 40000, (uint16_t)udp_port, msg, sizeof msg - 1);
    struct packet p;
    for (int tries = 0; tries < 10; tries++)
    {
        int n = receive(0);
        if (!parse(n, &p) || p.proto != 17 || get16(p.l4 + 2) != 40000) continue;
        puts_("udp: reply from "); put_ip(p.src); puts_(get16(p.l4) == udp_port ? " (the echo port) " : " (another port) ");
        put_text(p.l4 + 8, get16(p.l4 + 4) - 8); putc_('\n');
        return;
    }
    puts_("udp: no reply\n");
}

// --- TCP ---
#define FIN 1
#define SYN 2
#define RST 4
#define PSH 8
#define ACK 16

struct tcb { uint32_t rip; uint16_t lport, rport; uint32_t snd_nxt, rcv_nxt; };

static void tcp_send(struct tcb *t, uint8_t flags, const void *data, unsigned n)
{
    uint8_t *f = frame_out();
    unsigned opt = (flags & SYN) ? 4 : 0;
    unsigned at = ipv4(f, gw_mac, my_ip, t->rip, 6, 20 + opt + n);
    uint8_t *s = f + at;
    zero(s, 20 + opt);
    put16(s, t->lport); put16(s + 2, t->rport); put32(s + 4, t->snd_nxt); put32(s + 8, (flags & ACK) ? t->rcv_nxt : 0);
    s[12] = (uint8_t)((20 + opt) / 4 << 4); s[13] = flags; put16(s + 14, 8192);
    if (opt) { s[20] = 2; s[21] = 4; put16(s + 22, 1460); }
    copy(s + 20 + opt, data, n);
    put16(s + 16, transport_sum(my_ip, t->rip, 6, s, 20 + opt + n));
    transmit(at + 20 + opt + n);
    t->snd_nxt += n + ((flags & (SYN | FIN)) ? 1 : 0);
}

struct seg { uint32_t seq, ack; uint8_t flags; uint8_t *data; unsigned len; };

// The next segment of connection t (or, with t->rport 0, any segment to t->lport, which sets rip and rport).
static int tcp_receive(struct tcb *t, struct seg *s, unsigned long ticks)
{
    struct packet p;
    for (int tries = 0; tries < 50; tries++)
    {
        int n = receive(ticks);
        if (n < 0) return 0;
        if (!parse(n, &p) || p.proto != 6 || get16(p.l4 + 2) != t->lport) continue;
        if (t->rport && (p.src != t->rip || get16(p.l4) != t->rport)) continue;
        if (!t->rport) { t->rip = p.src; t->rport = get16(p.l4); }
        unsigned off = (p.l4[12] >> 4) * 4;
        s->seq = get32(p.l4 + 4); s->ack = get32(p.l4 + 8); s->flags = p.l4[13];
        s->data = p.l4 + off; s->len = p.l4_len - off;
        return 1;
    }
    return 0;
}

// Takes in-order data and FIN from s (acknowledging them); returns the bytes appended to buf.
static unsigned tcp_take(struct tcb *t, struct seg *s, uint8_t *buf, unsigned have, int *fin)
{
    unsigned got = 0;
    if (s->len && s->seq == t->rcv_nxt)
    {
        copy(buf + have, s->data, s->len);
        got = s->len;
        t->rcv_nxt += s->len;
    }
    if ((s->flags & FIN) && s->seq + s->len == t->rcv_nxt) { t->rcv_nxt++; *fin = 1; }
    if (s->len || (s->flags & FIN)) tcp_send(t, ACK, 0, 0);
    return got;
}

static void tcp_test(void)
{
    static const char msg[] = "hello over tcp";
    static uint8_t echo[64];
    struct tcb t = { GATEWAY, 40001, (uint16_t)tcp_port, 5000, 0 };
    struct seg s;
    tcp_send(&t, SYN, 0, 0);
    if (!tcp_receive(&t, &s, 0) || s.flags != (SYN | ACK) || s.ack != t.snd_nxt) { puts_("tcp: no SYN-ACK\n"); return; }
    t.rcv_nxt = s.seq + 1;
    tcp_send(&t, ACK, 0, 0);
    puts_("tcp: connected to "); put_ip(t.rip); putc_('\n');
    tcp_send(&t, PSH | ACK, msg, sizeof msg - 1);
    unsigned have = 0;
    int fin = 0, acked = 0;
    while (have < sizeof msg - 1 || !acked)
    {
        if (!tcp_receive(&t, &s, 0)) { puts_("tcp: connection silent\n"); return; }
        if (s.flags & RST) { puts_("tcp: reset\n"); return; }
        if ((s.flags & ACK) && s.ack == t.snd_nxt) acked = 1;
        have += tcp_take(&t, &s, echo, have, &fin);
    }
    puts_("tcp: echo "); put_text(echo, have); putc_('\n');
    // Our FIN: the echo server sees the end, closes, and its FIN comes back.
    tcp_send(&t, FIN | ACK, 0, 0);
    acked = 0;
    while (!fin || !acked)
    {
        if (!tcp_receive(&t, &s, 0)) { puts_("tcp: no FIN\n"); return; }
        if (s.flags & RST) { puts_("tcp: reset while closing\n"); return; }
        if ((s.flags & ACK) && s.ack == t.snd_nxt) acked = 1;
        tcp_take(&t, &s, echo, 0, &fin);
    }
    puts_("tcp: closed both ways\n");
}

static void refused_test(void)
{
    struct tcb t = { GATEWAY, 40002, (uint16_t)closed_port, 9000, 0 };
    struct seg s;
    tcp_send(&t, SYN, 0, 0);
    if (!tcp_receive(&t, &s, 0)) { puts_("tcp: nothing from a closed port\n"); return; }
    puts_("tcp: closed port answers");
    if (s.flags & RST) puts_(" RST");
    if (s.flags & ACK) { puts_(" ACK"); puts_(s.ack == t.snd_nxt ? " of the SYN" : " of something else"); }
    putc_('\n');
}

// A host client connects to the hostfwd port: the guest answers as a server on GUEST_PORT.
static void hostfwd_test(void)
{
    static uint8_t got[64];
    struct tcb t = { 0, GUEST_PORT, 0, 77000, 0 };
    struct seg s;
    puts_("hostfwd: listening\n");
    if (!tcp_receive(&t, &s, 0) || s.flags != SYN) { puts_("hostfwd: no SYN\n"); return; }
    t.rcv_nxt = s.seq + 1;
    puts_("hostfwd: connection from "); put_ip(t.rip); putc_('\n');
    tcp_send(&t, SYN | ACK, 0, 0);
    unsigned have = 0;
    int fin = 0, acked = 0;
    while (!acked || have == 0 || got[have - 1] != '\n')
    {
        if (!tcp_receive(&t, &s, 0)) { puts_("hostfwd: silent\n"); return; }
        if (s.flags & RST) { puts_("hostfwd: reset\n"); return; }
        if ((s.flags & ACK) && s.ack == t.snd_nxt) acked = 1;
        have += tcp_take(&t, &s, got, have, &fin);
    }
    puts_("hostfwd: received "); put_text(got, have - 1); putc_('\n');
    static uint8_t answer[80];
    copy(answer, "guest says: ", 12);
    for (unsigned i = 0; i < have; i++) answer[12 + i] = got[i] >= 'a' && got[i] <= 'z' ? got[i] - 32 : got[i];
    tcp_send(&t, PSH | ACK, answer, 12 + have);
    tcp_send(&t, FIN | ACK, 0, 0);
    acked = 0;
    while (!fin || !acked)
    {
        if (!tcp_receive(&t, &s, 0)) { puts_("hostfwd: no FIN\n"); return; }
        if (s.flags & RST) { puts_("hostfwd: reset while closing\n"); return; }
        if ((s.flags & ACK) && s.ack == t.snd_nxt) acked = 1;
        tcp_take(&t, &s, got, 0, &fin);
    }
    puts_("hostfwd: closed both ways\n");
}

// "ports=U:T:C" in the device tree's bootargs.
static void read_ports(unsigned long dtb)
{
    const uint8_t *d = (const uint8_t *)dtb;
    uint32_t size = d ? get32(d + 4) : 0;
    if (!d || get32(d) != 0xd00dfeed) size = 0;
    for (uint32_t i = 0; i + 6 < size; i++)
        if (same(d + i, "ports=", 6))
        {
            unsigned *out[3] = { &udp_port, &tcp_port, &closed_port };
            const uint8_t *p = d + i + 6;
            for (int k = 0; k < 3; k++) { unsigned v = 0; while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0'); *out[k] = v; if (*p == ':') p++; }
            return;
        }
}

int main(unsigned long hart, unsigned long dtb)
{
    if (hart != 0) for (;;) asm volatile("wfi");
    read_ports(dtb);
    if (!udp_port || !tcp_port || !closed_port) { puts_("net: no ports=U:T:C on the command line\n"); poweroff(2); }
    interrupts_init();
    unsigned long b = 0;
    for (int i = 7; i >= 0 && !b; i--)
        if (r32(VSLOT(i) + V_MAGIC) == 0x74726976 && r32(VSLOT(i) + V_DEVICE_ID) == 1) b = VSLOT(i);
    if (!b) { puts_("net: no virtio-net device\n"); poweroff(3); }
    probe(b);
    uint64_t offered;
    uint64_t f = device_init(b, (1 << 5) | (1 << 16), &offered);
    if (f == ~0ULL) { puts_("net: features refused\n"); poweroff(4); }
    hdr_len = is_legacy(b) ? 10 : 12;
    for (int i = 0; i < 6; i++) mac[i] = r8(b + V_CONFIG + i);
    unsigned status = r8(b + V_CONFIG + 6) | r8(b + V_CONFIG + 7) << 8;
    puts_("net: device 1 version "); put_dec(r32(b + V_VERSION)); puts_(" mac "); put_mac(mac);
    puts_(" status "); put_dec(status); puts_(" features mac "); put_dec(!!(f & (1 << 5)));
    puts_(" status "); put_dec(!!(f & (1 << 16))); puts_(" header "); put_dec(hdr_len); putc_('\n');
    queue_init(&rxq, b, 0);
    queue_init(&txq, b, 1);
    driver_ok(b);
    for (int i = 0; i < NRX; i++) post_rx(i);

    dhcp_send(1, 0);
    uint32_t offer = dhcp_answer(2, "offer");
    if (!offer) poweroff(5);
    dhcp_send(3, offer);
    my_ip = dhcp_answer(5, "ack");
    if (my_ip != GUEST) { puts_("dhcp: not 10.0.2.15\n"); poweroff(5); }

    arp_test(GATEWAY);
    arp_test(DNS);
    arp_test(NOBODY);
    ping(GATEWAY, 1);
    malformed();
    ping(GATEWAY, 2);
    udp_test();
    tcp_test();
    refused_test();
    hostfwd_test();
    puts_("net: done\n");
    poweroff(0);
    return 0;
}
