#include "util.h"

const char *greeting(void) { return "hello from S1"; }
int answer(void) { return 42; }
