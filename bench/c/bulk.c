/*
 * The C ceiling for bulk transfer: blocking send/recv with one reused buffer.
 *   bulk recv <bytes> <chunk>         listens, prints READY <port>, then RESULT with MB/s
 *   bulk send <port> <bytes> <chunk>  connects and sends <bytes>
 * Time runs from accept to the last byte, measured by the receiver.
 */
#include "common.h"

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bulk recv <bytes> <chunk> | bulk send <port> <bytes> <chunk>\n");
    return 2;
  }
  if (strcmp(argv[1], "recv") == 0) {
    long long total = atoll(argv[2]);
    size_t chunk = (size_t)atol(argv[3]);
    char *buf = malloc(chunk);
    if (buf == NULL) die("malloc");
    memset(buf, 0x5a, chunk); /* resident pages, as the JS peers' buffers are */
    int s = listen_and_accept();
    double t0 = now_s();
    long long got = 0;
    while (got < total) {
      ssize_t n = recv(s, buf, chunk, 0);
      if (n < 0) die("recv");
      if (n == 0) break;
      got += n;
    }
    double dt = now_s() - t0;
    close(s);
    printf("RESULT {\"bytes\":%lld,\"seconds\":%.9f,\"value\":%.3f}\n", got, dt, (double)got / dt / 1e6);
    return got == total ? 0 : 1;
  }
  if (strcmp(argv[1], "send") == 0 && argc >= 5) {
    int port = atoi(argv[2]);
    long long total = atoll(argv[3]);
    size_t chunk = (size_t)atol(argv[4]);
    char *buf = malloc(chunk);
    if (buf == NULL) die("malloc");
    /* Real bytes: untouched calloc memory maps the shared zero page, which no real sender has. */
    memset(buf, 0x5a, chunk);
    int s = connect_to(port);
    long long sent = 0;
    while (sent < total) {
      size_t want = total - sent < (long long)chunk ? (size_t)(total - sent) : chunk;
      ssize_t n = send(s, buf, want, MSG_NOSIGNAL);
      if (n < 0) die("send");
      sent += n;
    }
    close(s);
    return 0;
  }
  fprintf(stderr, "bulk: bad arguments\n");
  return 2;
}
