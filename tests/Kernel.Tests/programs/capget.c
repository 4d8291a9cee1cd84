/* capget as Linux checks its arguments: a bad header pointer is EFAULT, an unknown version is answered with the
   kernel's (written back; EINVAL when data was asked for), a negative pid EINVAL, a missing one ESRCH, a bad data
   pointer EFAULT; a good call fills the sets. */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *what, long result) {
  printf("%s: %s\n", what, result >= 0 ? "ok" : strerror(errno));
}

int main(void) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0xff, sizeof data);
  report("bad header", syscall(SYS_capget, (void *)8, data));
  report("good call", syscall(SYS_capget, &header, data));
  printf("sets filled: %s\n", data[0].effective != 0xffffffffu && data[1].inheritable != 0xffffffffu ? "yes" : "no");
  report("bad data", syscall(SYS_capget, &header, (void *)8));
  header.version = 0x12345678;
  report("unknown version with data", syscall(SYS_capget, &header, data));
  printf("version written back: %#x\n", header.version);
  header.version = 0x12345678;
  report("unknown version without data", syscall(SYS_capget, &header, NULL));
  header.version = _LINUX_CAPABILITY_VERSION_3;
  header.pid = -1;
  report("negative pid", syscall(SYS_capget, &header, data));
  header.pid = 0x3ffffff0;
  report("missing pid", syscall(SYS_capget, &header, data));
  header.pid = getpid();
  report("own pid", syscall(SYS_capget, &header, data));
  return 0;
}
