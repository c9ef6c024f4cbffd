#include <stdio.h>
#include <stdlib.h>
#include "calc.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: calc A OP B\n");
        return 2;
    }
    printf("%ld\n", calc(atol(argv[1]), argv[2][0], atol(argv[3])));
    return 0;
}
