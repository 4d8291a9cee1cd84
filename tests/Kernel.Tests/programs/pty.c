// Pseudo-terminals: posix_openpt/grantpt/unlockpt/ptsname, openpty-like use, termios and window sizes on both
// ends, a child on the slave side as a session leader with it as controlling terminal (login_tty), SIGWINCH.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <dirent.h>

static volatile sig_atomic_t winched;
static void on_winch(int s) { (void)s; winched++; }

static void read_all(int fd, char *buf, size_t cap, const char *until)
{
    size_t n = 0;
    buf[0] = 0;
    while (n + 1 < cap && !strstr(buf, until)) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r <= 0) break;
        n += r;
        buf[n] = 0;
    }
}

static void show(const char *label, const char *s)
{
    printf("%s: \"", label);
    for (; *s; s++) {
        if (*s == '\r') printf("\\r"); else if (*s == '\n') printf("\\n"); else putchar(*s);
    }
    printf("\"\n");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    printf("posix_openpt %s\n", m >= 0 ? "ok" : strerror(errno));
    printf("grantpt %d unlockpt %d\n", grantpt(m), unlockpt(m));
    char *name = ptsname(m);
    printf("ptsname under /dev/pts/: %s\n", name && strncmp(name, "/dev/pts/", 9) == 0 ? "yes" : "no");
    int number = -1;
    int rc = ioctl(m, TIOCGPTN, &number);
    printf("TIOCGPTN %d same %d\n", rc, name && number == atoi(name + 9));
    struct stat st;
    rc = stat(name, &st);
    printf("stat slave %d chr %d\n", rc, S_ISCHR(st.st_mode));
    int listed = 0;
    DIR *d = opendir("/dev/pts");
    for (struct dirent *e; d && (e = readdir(d));) if (strcmp(e->d_name, name + 9) == 0) listed = 1;
    if (d) closedir(d);
    printf("listed in /dev/pts %d\n", listed);
    int s = open(name, O_RDWR | O_NOCTTY);
    printf("open slave %s isatty %d %d\n", s >= 0 ? "ok" : strerror(errno), isatty(m), isatty(s));
    char *tn = ttyname(s);
    printf("ttyname matches ptsname %d\n", tn && strcmp(tn, name) == 0);
    struct stat a, b;
    fstat(s, &a);
    stat(name, &b);
    printf("fstat matches stat %d\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev && a.st_rdev == b.st_rdev);

    // termios: both ends read the slave's settings.
    struct termios tm, ts;
    printf("tcgetattr master %d slave %d\n", tcgetattr(m, &tm), tcgetattr(s, &ts));
    printf("same lflag %d echo %d icanon %d\n", tm.c_lflag == ts.c_lflag, !!(ts.c_lflag & ECHO), !!(ts.c_lflag & ICANON));
    // Canonical input with echo: the master sees the echo, the slave reads a line.
    write(m, "hello\n", 6);
    char buf[256];
    ssize_t n = read(s, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    show("slave read", buf);
    read_all(m, buf, sizeof buf, "\n");
    show("master echo", buf);
    // Output processing: \n becomes \r\n on the master side.
    write(s, "out\n", 4);
    read_all(m, buf, sizeof buf, "\n");
    show("master read", buf);
    // Raw mode on the slave through the master.
    struct termios raw = ts;
    cfmakeraw(&raw);
    printf("tcsetattr via master %d\n", tcsetattr(m, TCSANOW, &raw));
    tcgetattr(s, &ts);
    printf("slave now raw: icanon %d echo %d opost %d\n", !!(ts.c_lflag & ICANON), !!(ts.c_lflag & ECHO), !!(ts.c_oflag & OPOST));
    write(m, "xy", 2);
    n = read(s, buf, 2);
    buf[n > 0 ? n : 0] = 0;
    show("raw read", buf);
    struct termios back = ts;
    back.c_lflag |= ICANON | ECHO | ISIG;
    back.c_oflag |= OPOST;
    back.c_iflag |= ICRNL;
    tcsetattr(s, TCSANOW, &back);
    printf("cfgetospeed %d\n", (int)cfgetospeed(&back) >= 0);
    printf("tcflush %d tcdrain %d tcflow %d\n", tcflush(s, TCIOFLUSH), tcdrain(s), tcflow(s, TCOON));

    // Window sizes: set on one end, read on the other.
    struct winsize w = { .ws_row = 24, .ws_col = 80 }, r = {0};
    printf("TIOCSWINSZ master %d\n", ioctl(m, TIOCSWINSZ, &w));
    rc = ioctl(s, TIOCGWINSZ, &r);
    printf("TIOCGWINSZ slave %d %dx%d\n", rc, r.ws_row, r.ws_col);
    w.ws_row = 50; w.ws_col = 132;
    printf("TIOCSWINSZ slave %d\n", ioctl(s, TIOCSWINSZ, &w));
    rc = ioctl(m, TIOCGWINSZ, &r);
    printf("TIOCGWINSZ master %d %dx%d\n", rc, r.ws_row, r.ws_col);

    // Not a controlling terminal yet: session requests on the slave fail.
    pid_t pg;
    errno = 0;
    rc = ioctl(s, TIOCGPGRP, &pg);
    printf("TIOCGPGRP slave before %d %s\n", rc, strerror(errno));

    // A child on the slave side: login_tty's steps, then it talks through the terminal.
    int sync[2];
    pipe(sync);
    pid_t child = fork();
    if (child == 0) {
        close(m);
        close(sync[1]);
        signal(SIGWINCH, on_winch);
        pid_t sid = setsid();
        int r1 = ioctl(s, TIOCSCTTY, 0);
        dup2(s, 0); dup2(s, 1); dup2(s, 2);
        if (s > 2) close(s);
        pid_t fg = -1, sess = -1;
        ioctl(0, TIOCGPGRP, &fg);
        ioctl(0, TIOCGSID, &sess);
        printf("child: sctty %d fg-is-me %d sid-is-me %d\n", r1, fg == getpid() && sid == getpid(), sess == getpid());
        int t = open("/dev/tty", O_RDWR);
        printf("child: /dev/tty %s\n", t >= 0 ? "ok" : strerror(errno));
        if (t >= 0) { write(t, "via tty\n", 8); close(t); }
        printf("child: tcgetpgrp %d\n", tcgetpgrp(0) == getpid());
        char line[64];
        if (fgets(line, sizeof line, stdin)) { line[strcspn(line, "\n")] = 0; printf("child got [%s]\n", line); }
        char c;
        read(sync[0], &c, 1); // the parent has resized
        for (int i = 0; i < 200 && !winched; i++) usleep(10000);
        printf("child: winched %d\n", winched);
        fflush(stdout);
        _exit(3);
    }
    close(sync[0]);
    read_all(m, buf, sizeof buf, "tcgetpgrp");
    show("from child", buf);
    pid_t cpg = 0, csid = 0;
    rc = ioctl(m, TIOCGPGRP, &cpg);
    printf("master TIOCGPGRP %d is child %d\n", rc, cpg == child);
    rc = ioctl(m, TIOCGSID, &csid);
    printf("master TIOCGSID %d is child %d\n", rc, csid == child);
    write(m, "line for child\n", 15);
    read_all(m, buf, sizeof buf, "]\r\n");
    show("echo and answer", buf);
    w.ws_row = 30; w.ws_col = 100;
    printf("resize %d\n", ioctl(m, TIOCSWINSZ, &w));
    write(sync[1], "x", 1);
    read_all(m, buf, sizeof buf, "\n");
    show("after resize", buf);
    int status;
    waitpid(child, &status, 0);
    printf("child exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    // The slave's other descriptor is still open here (s): the master reads no hang-up yet.
    close(s);
    // With every slave descriptor closed, the master reads EIO.
    errno = 0;
    n = read(m, buf, sizeof buf);
    printf("master read after close %zd %s\n", n, strerror(errno));
    close(m);
    // A new terminal (the host may give it the same number): the first child's session left it at its exit.
    m = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(m);
    unlockpt(m);
    child = fork();
    if (child == 0) {
        setsid();
        int t = open(ptsname(m), O_RDWR | O_NOCTTY);
        _exit(ioctl(t, TIOCSCTTY, 0) == 0 ? 0 : 1);
    }
    waitpid(child, &status, 0);
    printf("second terminal: child TIOCSCTTY %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "failed");
    // A session leader opening a slave without O_NOCTTY takes it as its controlling terminal.
    child = fork();
    if (child == 0) {
        setsid();
        int t = open(ptsname(m), O_RDWR);
        pid_t sid = 0;
        _exit(ioctl(t, TIOCGSID, &sid) == 0 && sid == getpid() ? 0 : 1);
    }
    waitpid(child, &status, 0);
    printf("open without O_NOCTTY: controlling terminal %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
    // ISIG: ^C written to the master interrupts the slave's foreground group. The parent holds the slave open, so the
    // master's reads wait for the child's mark instead of failing with EIO.
    int held = open(ptsname(m), O_RDWR | O_NOCTTY);
    child = fork();
    if (child == 0) {
        signal(SIGINT, on_winch);
        setsid();
        int t = open(ptsname(m), O_RDWR);
        write(t, "#", 1);
        for (int i = 0; i < 300 && !winched; i++) usleep(10000);
        _exit(winched ? 0 : 1);
    }
    char ready = 0;
    while (ready != '#' && read(m, &ready, 1) == 1) { } // past what the master still holds, to the child's mark
    write(m, "\x03", 1);
    waitpid(child, &status, 0);
    printf("^C on the master: SIGINT %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
    close(held);
    close(m);
    return 0;
}
