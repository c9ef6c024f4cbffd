const char *greeting(void);
int answer(void);
