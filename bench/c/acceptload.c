/*
 * Load for the accept-rate scenario, light enough that the server under test is the bottleneck:
 *   acceptload <count> <parallel> <port>
 * <parallel> processes each connect, wait for the server's FIN, close, and repeat, until
 * <count> connections have been made in all. Exits 0 when every connection was served.
 */
#include "common.h"
#include <sys/wait.h>

static int one_connection(int port) {
  int s = connect_to(port);
  char b[64];
  /* The server closes at once: recv returns 0 (or an error after a reset). */
  while (recv(s, b, sizeof b, 0) > 0) {
  }
  close(s);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: acceptload <count> <parallel> <port>\n");
    return 2;
  }
  long count = atol(argv[1]);
  long parallel = atol(argv[2]);
  int port = atoi(argv[3]);
  if (count <= 0 || parallel <= 0 || parallel > 64) return 2;
  for (long p = 0; p < parallel; p++) {
    long mine = count / parallel + (p < count % parallel ? 1 : 0);
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      for (long i = 0; i < mine; i++) one_connection(port);
      _exit(0);
    }
  }
  int failed = 0;
  for (long p = 0; p < parallel; p++) {
    int st = 0;
    if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) failed = 1;
  }
  return failed;
}
