/*
 * The C ceiling for request/response: blocking send/recv, TCP_NODELAY.
 *   pingpong server                      echoes one connection until it closes; prints READY <port>
 *   pingpong client <warm> <count> <size> <port>
 *                                        <warm> untimed round trips, then <count> timed ones;
 *                                        prints RESULT with round trips per second
 */
#include "common.h"

static int exact(int s, char *buf, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = recv(s, buf + got, size - got, 0);
    if (n <= 0) return -1;
    got += (size_t)n;
  }
  return 0;
}

static void trips(int s, char *buf, size_t size, long count) {
  for (long i = 0; i < count; i++) {
    if (send(s, buf, size, MSG_NOSIGNAL) != (ssize_t)size) die("send");
    if (exact(s, buf, size) < 0) die("recv");
  }
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "server") == 0) {
    int s = listen_and_accept();
    nodelay(s);
    char buf[65536];
    for (;;) {
      ssize_t n = recv(s, buf, sizeof buf, 0);
      if (n <= 0) break;
      ssize_t off = 0;
      while (off < n) {
        ssize_t w = send(s, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
        if (w < 0) die("send");
        off += w;
      }
    }
    close(s);
    return 0;
  }
  if (argc >= 6 && strcmp(argv[1], "client") == 0) {
    long warm = atol(argv[2]);
    long count = atol(argv[3]);
    size_t size = (size_t)atol(argv[4]);
    int port = atoi(argv[5]);
    char *buf = calloc(1, size);
    if (buf == NULL || size == 0) die("size");
    int s = connect_to(port);
    nodelay(s);
    trips(s, buf, size, warm);
    double t0 = now_s();
    trips(s, buf, size, count);
    double dt = now_s() - t0;
    close(s);
    printf("RESULT {\"count\":%ld,\"seconds\":%.9f,\"value\":%.3f}\n", count, dt, (double)count / dt);
    return 0;
  }
  fprintf(stderr, "usage: pingpong server | pingpong client <warm> <count> <size> <port>\n");
  return 2;
}
