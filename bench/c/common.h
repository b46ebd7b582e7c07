/* Shared helpers of the C ceiling programs: plain blocking BSD sockets on 127.0.0.1. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
  perror(what);
  exit(1);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Listens on 127.0.0.1 with an ephemeral port, prints "READY <port>", returns the accepted socket. */
static int listen_and_accept(void) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  if (l < 0) die("socket");
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(l, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(l, 16) < 0) die("listen");
  socklen_t len = sizeof a;
  if (getsockname(l, (struct sockaddr *)&a, &len) < 0) die("getsockname");
  printf("READY %d\n", ntohs(a.sin_port));
  fflush(stdout);
  int c = accept(l, NULL, NULL);
  if (c < 0) die("accept");
  close(l);
  return c;
}

static int connect_to(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) die("socket");
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons((unsigned short)port);
  if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
  return s;
}

static void nodelay(int s) {
  int one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}
#endif
