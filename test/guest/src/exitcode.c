/* exitcode: prints one line and returns 3 from main; newlib's exit() flushes
 * stdout and _exit() reports the code through SYS_EXIT_EXTENDED. */
#include <stdio.h>

int main(void)
{
    printf("exitcode: exiting with code 3\n");
    return 3;
}
