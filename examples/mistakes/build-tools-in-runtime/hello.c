#include <stdio.h>

int main(void)
{
    puts("hello from an image that still carries its compiler");
    return 0;
}
