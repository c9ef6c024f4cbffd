#include <stdio.h>
#include <sys/utsname.h>

/* Prints the machine it runs on: x86_64 natively, aarch64 on an arm64 server (or under QEMU emulation). */
int main(void)
{
    struct utsname name;
    if (uname(&name) != 0) return 1;
    printf("hello from %s\n", name.machine);
    return 0;
}
