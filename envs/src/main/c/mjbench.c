/*
 * Reference figure for docs/BENCHMARKS.md: a raw C loop of mj_step on one model file, with a
 * new uniform(-1,1) ctrl every control step (as the Java benchmark's random actions).
 * With a 4th argument "dmc" each control step uses dm_control's call sequence instead (RK4: mj_step x n then
 * mj_step1; else mj_step2, mj_step x (n-1), mj_step1), i.e. the same native work as Tributary's env step.
 * With "gym" each control step is Gymnasium MujocoEnv's: mj_step x n then mj_rnePostConstraint.
 * Usage: tributary-mjbench <model.xml> <n_sub_steps> <control_steps> [dmc]; prints control steps per second of thread
 * CPU time (robust when other processes share the cores).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <mujoco/mujoco.h>

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s model.xml n_sub_steps control_steps\n", argv[0]); return 2; }
  char err[1000];
  mjModel *m = mj_loadXML(argv[1], NULL, err, sizeof err);
  if (!m) { fprintf(stderr, "load failed: %s\n", err); return 1; }
  int nsub = atoi(argv[2]);
  long steps = atol(argv[3]);
  int dmc = argc > 4 && argv[4][0] == 'd';
  int gym = argc > 4 && argv[4][0] == 'g';
  mjData *d = mj_makeData(m);
  unsigned int seed = 12345;
  struct timespec t0, t1;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
  for (long s = 0; s < steps; s++) {
    if (s % 1000 == 0) mj_resetData(m, d);
    for (int i = 0; i < m->nu; i++) d->ctrl[i] = 2.0 * rand_r(&seed) / RAND_MAX - 1.0;
    if (gym) {
      for (int k = 0; k < nsub; k++) mj_step(m, d);
      mj_rnePostConstraint(m, d);
    } else if (!dmc) {
      for (int k = 0; k < nsub; k++) mj_step(m, d);
    } else if (m->opt.integrator == mjINT_RK4) {
      for (int k = 0; k < nsub; k++) mj_step(m, d);
      mj_step1(m, d);
    } else {
      if (s % 1000 == 0) mj_forward(m, d);
      mj_step2(m, d);
      for (int k = 1; k < nsub; k++) mj_step(m, d);
      mj_step1(m, d);
    }
  }
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
  double secs = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  printf("%.1f\n", steps / secs);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
