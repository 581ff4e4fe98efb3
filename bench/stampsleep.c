/*
 * The bench's timed task: `stampsleep SECONDS:ID` sleeps like `sleep SECONDS`, then appends
 * "ID START END PID" to the file named by $STAMPS (when set), START being when its main() began and
 * END when its sleep ended, both CLOCK_MONOTONIC in ns (the clock of Java's System.nanoTime). From
 * these the bench measures every tool's makespan and hand-offs by the tasks' own clocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    long long start = now();
    if (argc != 2 || strchr(argv[1], ':') == NULL) {
        fprintf(stderr, "usage: stampsleep SECONDS:ID\n");
        return 2;
    }
    double seconds = atof(argv[1]);
    const char *id = strchr(argv[1], ':') + 1;
    struct timespec pause = {(time_t) seconds, (long) ((seconds - (time_t) seconds) * 1e9)};
    while (nanosleep(&pause, &pause) != 0) {
        if (errno != EINTR) { /* a negative or unreadable SECONDS: not a signal to sleep on after */
            fprintf(stderr, "stampsleep: cannot sleep %s seconds\n", argv[1]);
            return 2;
        }
    }
    long long end = now();
    const char *file = getenv("STAMPS");
    if (file != NULL && *file != '\0') {
        char line[256];
        int length = snprintf(line, sizeof line, "%s %lld %lld %d\n", id, start, end, (int) getpid());
        if (length < 0 || length >= (int) sizeof line) { /* an ID too long for the line */
            return 3;
        }
        int fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0644);
        if (fd < 0 || write(fd, line, (size_t) length) != length) {
            return 3;
        }
        close(fd);
    }
    return 0;
}
