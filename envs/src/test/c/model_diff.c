// Dev tool (not run by Maven): compile two MJCF files with MuJoCo and print every mjModel size, option, statistic
// and array that differs, e.g. the suite's own model file against ours where the golden set has no physics file:
//   gcc -O1 -o /tmp/model_diff envs/src/test/c/model_diff.c -lmujoco -lm
//   /tmp/model_diff <dm_control>/suite/humanoid_CMU.xml envs/src/main/resources/io/tributary/envs/dmc/humanoid_CMU.xml
// Arrays are compared only where both models have the same count; rendering-only differences (cameras, lights,
// textures, materials: ncam, nlight, ntex, nmat, geom_matid, rgba) are expected for our physics-only files.
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>

static mjModel* load(const char* file) {
  char err[1000] = "";
  mjModel* m = mj_loadXML(file, 0, err, sizeof(err));
  if (!m) fprintf(stderr, "%s: %s\n", file, err);
  else if (err[0]) fprintf(stderr, "%s: warning: %s\n", file, err);
  return m;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s a.xml b.xml\n", argv[0]);
    return 2;
  }
  mjModel* a = load(argv[1]);
  mjModel* b = load(argv[2]);
  if (!a || !b) return 1;
  int diffs = 0;
#define X(name) if (a->name != b->name) { printf("size %s: %d vs %d\n", #name, (int)a->name, (int)b->name); diffs++; }
  MJMODEL_INTS
#undef X
#define X(type, name) if (memcmp(&a->opt.name, &b->opt.name, sizeof(type))) { printf("opt.%s differs\n", #name); diffs++; }
  MJOPTION_FLOATS
  MJOPTION_INTS
#undef X
  if (memcmp(&a->stat, &b->stat, sizeof(mjStatistic))) { printf("stat differs\n"); diffs++; }
  {
    MJMODEL_POINTERS_PREAMBLE(a)
#define X(type, name, d1, d2)                                                                     \
    if (strncmp(#name, "name", 4) && a->d1 == b->d1) {                                            \
      long n = (long)(a->d1) * (d2);                                                              \
      if (memcmp(a->name, b->name, n * sizeof(type))) {                                           \
        double worst = 0;                                                                         \
        if (!strcmp(#type, "mjtNum"))                                                             \
          for (long i = 0; i < n; i++) {                                                          \
            double d = fabs((double)((mjtNum*)a->name)[i] - (double)((mjtNum*)b->name)[i]);       \
            if (d > worst) worst = d;                                                             \
          }                                                                                       \
        printf("field %s differs (largest difference %.3g)\n", #name, worst);                     \
        diffs++;                                                                                  \
      }                                                                                           \
    }
    MJMODEL_POINTERS
#undef X
  }
  printf("%d differences\n", diffs);
  mj_deleteModel(a);
  mj_deleteModel(b);
  return 0;
}
