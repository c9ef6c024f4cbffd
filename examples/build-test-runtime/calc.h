#ifndef CALC_H
#define CALC_H

static inline long calc(long a, char op, long b)
{
    switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case 'x': return a * b;
    default: return 0;
    }
}

#endif
