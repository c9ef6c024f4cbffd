#include <stdio.h>
#include "util.h"

int main(void)
{
    printf("%s %d\n", greeting(), answer());
    return 0;
}
