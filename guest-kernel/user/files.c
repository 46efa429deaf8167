/* files: file I/O on the in-memory file system (create, read back, seek, directories, dup). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  char tmpl[] = "/tmp/files-XXXXXX";
  tap_ok(mkdtemp(tmpl) != NULL, "mkdtemp");
  tap_ok(chdir(tmpl) == 0, "chdir into it");
  char cwd[256];
  tap_ok(getcwd(cwd, sizeof cwd) && !strcmp(cwd, tmpl), "getcwd matches");
  int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  tap_ok(fd >= 0, "create data.txt");
  const char* text = "line one\nline two\nline three\n";
  tap_ok(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write");
  tap_ok(lseek(fd, 5, SEEK_SET) == 5, "lseek SEEK_SET");
  char buf[64] = {0};
  tap_ok(read(fd, buf, 3) == 3 && !memcmp(buf, "one", 3), "read after seek");
  tap_ok(lseek(fd, 0, SEEK_END) == (off_t)strlen(text), "lseek SEEK_END is the size");
  tap_ok(lseek(fd, 100, SEEK_SET) == 100 && write(fd, "X", 1) == 1, "write past the end");
  struct stat st;
  tap_ok(fstat(fd, &st) == 0 && st.st_size == 101 && S_ISREG(st.st_mode), "fstat size 101");
  tap_ok(pread(fd, buf, 4, 50) == 4 && buf[0] == 0, "hole reads as zeroes");
  int fd2 = dup(fd);
  tap_ok(fd2 > fd, "dup");
  tap_ok(lseek(fd2, 0, SEEK_CUR) == 101, "dup shares the offset");
  tap_ok(dup3(fd, 20, O_CLOEXEC) == 20 && fcntl(20, F_GETFD) == FD_CLOEXEC, "dup3 with O_CLOEXEC");
  close(20);
  close(fd2);
  close(fd);
  FILE* f = fopen("data.txt", "r");
  int lines = 0;
  char big[256];
  while (f && fgets(big, sizeof big, f)) lines++;
  if (f) fclose(f);
  tap_ok(lines == 4, "stdio reads 4 lines");
  f = fopen("append.txt", "a");
  fprintf(f, "first\n");
  fclose(f);
  f = fopen("append.txt", "a");
  fprintf(f, "second\n");
  fclose(f);
  tap_ok(stat("append.txt", &st) == 0 && st.st_size == 13, "O_APPEND appends");
  tap_ok(mkdir("sub", 0755) == 0, "mkdir");
  tap_ok(mkdir("sub", 0755) < 0 && errno == EEXIST, "mkdir twice is EEXIST");
  tap_ok(close(open("sub/inner", O_CREAT | O_WRONLY, 0600)) == 0, "create in subdirectory");
  DIR* d = opendir(".");
  char* names[16];
  int n = 0;
  for (struct dirent* e; d && (e = readdir(d)) && n < 16;) names[n++] = strdup(e->d_name);
  if (d) closedir(d);
  qsort(names, n, sizeof names[0], cmp);
  printf("# entries:");
  for (int i = 0; i < n; i++) printf(" %s", names[i]);
  printf("\n");
  tap_ok(n == 5, "getdents64 lists . .. append.txt data.txt sub");
  tap_ok(rmdir("sub") < 0 && errno == ENOTEMPTY, "rmdir non-empty is ENOTEMPTY");
  tap_ok(unlink("sub/inner") == 0 && rmdir("sub") == 0, "unlink then rmdir");
  tap_ok(rename("data.txt", "moved.txt") == 0 && access("data.txt", F_OK) < 0 && stat("moved.txt", &st) == 0 &&
             st.st_size == 101,
         "rename");
  tap_ok(truncate("moved.txt", 10) == 0 && stat("moved.txt", &st) == 0 && st.st_size == 10, "truncate to 10");
  fd = open("moved.txt", O_RDWR);
  tap_ok(ftruncate(fd, 3) == 0 && fstat(fd, &st) == 0 && st.st_size == 3, "ftruncate to 3");
  tap_ok(fsync(fd) == 0 && fchmod(fd, 0600) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600, "fsync, fchmod");
  close(fd);
  tap_ok(chmod("moved.txt", 0640) == 0 && stat("moved.txt", &st) == 0 && (st.st_mode & 0777) == 0640, "chmod");
  tap_ok(mkdir("d2", 0755) == 0 && rename("moved.txt", "d2/inside.txt") == 0 && access("d2/inside.txt", F_OK) == 0,
         "rename into a directory");
  tap_ok(rename("d2", "d2/sub") < 0 && errno == EINVAL, "rename a directory into itself: EINVAL");
  int dfd = open("d2", O_RDONLY | O_DIRECTORY);
  tap_ok(fchdir(dfd) == 0 && access("inside.txt", F_OK) == 0 && chdir("..") == 0, "fchdir");
  close(dfd);
  tap_ok(rename("d2/inside.txt", "data.txt") == 0 && rmdir("d2") == 0, "rename back, rmdir");
  tap_ok(unlink("data.txt") == 0 && access("data.txt", F_OK) < 0 && errno == ENOENT, "unlink");
  tap_ok(unlink("append.txt") == 0 && chdir("/") == 0 && rmdir(tmpl) == 0, "cleanup");
  char exe[256];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[len > 0 ? len : 0] = 0;
  printf("# /proc/self/exe -> %s\n", exe);
  tap_ok(len > 6 && !strcmp(exe + len - 6, "/files"), "readlink /proc/self/exe ends in /files");
  return tap_done();
}
