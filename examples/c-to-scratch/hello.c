#include <stdio.h>

int main(void)
{
    puts("hello from a scratch image built by hoist");
    return 0;
}
