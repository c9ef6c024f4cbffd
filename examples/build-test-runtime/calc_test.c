#include <stdio.h>
#include "calc.h"

int main(void)
{
    int failures = 0;
    if (calc(2, '+', 3) != 5) { puts("FAIL 2+3"); failures++; }
    if (calc(7, '-', 9) != -2) { puts("FAIL 7-9"); failures++; }
    if (calc(6, 'x', 7) != 42) { puts("FAIL 6x7"); failures++; }
    printf("%d failures\n", failures);
    return failures != 0;
}
