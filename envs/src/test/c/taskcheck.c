/* Dev tool (not part of the Maven build): C prototype of the point_mass, reacher, finger and
 * ball_in_cup tasks (numpy legacy RandomState, dm_control reset/step call sequence), printing
 * per-step obs/reward JSON lines to diff against shared/golden/dm_control/tasks/.
 *   gcc -O2 -o /tmp/taskcheck taskcheck.c -lmujoco -lm
 *   /tmp/taskcheck models_dir domain task seed A|C */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mujoco/mujoco.h>

/* ---- numpy legacy RandomState (MT19937) ---- */
typedef struct { unsigned int mt[624]; int mti; int has_gauss; double gauss; } Rng;
static void rng_seed(Rng* r, unsigned int s) {
  r->mt[0] = s;
  for (int i = 1; i < 624; i++) r->mt[i] = 1812433253U * (r->mt[i-1] ^ (r->mt[i-1] >> 30)) + i;
  r->mti = 624; r->has_gauss = 0; r->gauss = 0;
}
static unsigned int rng_u32(Rng* r) {
  if (r->mti >= 624) {
    for (int k = 0; k < 624; k++) {
      unsigned int y = (r->mt[k] & 0x80000000U) | (r->mt[(k+1) % 624] & 0x7fffffffU);
      r->mt[k] = r->mt[(k+397) % 624] ^ (y >> 1) ^ ((y & 1U) ? 0x9908b0dfU : 0U);
    }
    r->mti = 0;
  }
  unsigned int y = r->mt[r->mti++];
  y ^= y >> 11; y ^= (y << 7) & 0x9d2c5680U; y ^= (y << 15) & 0xefc60000U; y ^= y >> 18;
  return y;
}
static double rng_double(Rng* r) {
  unsigned int a = rng_u32(r) >> 5, b = rng_u32(r) >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}
static double rng_uniform(Rng* r, double lo, double hi) { return lo + (hi - lo) * rng_double(r); }
static double rng_gauss(Rng* r) {
  if (r->has_gauss) { r->has_gauss = 0; return r->gauss; }
  double x1, x2, r2;
  do { x1 = 2.0 * rng_double(r) - 1.0; x2 = 2.0 * rng_double(r) - 1.0; r2 = x1*x1 + x2*x2; }
  while (r2 >= 1.0 || r2 == 0.0);
  double f = sqrt(-2.0 * log(r2) / r2);
  r->gauss = f * x1; r->has_gauss = 1;
  return f * x2;
}

static mjModel* m; static mjData* d; static Rng rng;
static int domain; /* 0 point_mass 1 reacher 2 finger 3 ball_in_cup */
static int hard, spin; static double target_radius;

static void fwd_noact(void) {
  m->opt.disableflags |= mjDSBL_ACTUATION;
  mj_forward(m, d);
  m->opt.disableflags &= ~mjDSBL_ACTUATION;
}
static int id(mjtObj t, const char* n) { int i = mj_name2id(m, t, n); if (i < 0) { fprintf(stderr, "no %s\n", n); exit(3);} return i; }

static void randomize_joints(void) {
  for (int j = 0; j < m->njnt; j++) {
    int t = m->jnt_type[j], a = m->jnt_qposadr[j];
    if (t == mjJNT_HINGE || t == mjJNT_SLIDE) {
      if (m->jnt_limited[j]) d->qpos[a] = rng_uniform(&rng, m->jnt_range[2*j], m->jnt_range[2*j+1]);
      else if (t == mjJNT_HINGE) d->qpos[a] = rng_uniform(&rng, -M_PI, M_PI);
    }
  }
}

static void init_episode(void) {
  if (domain == 0) {
    randomize_joints();
    if (hard) {
      double a = rng_gauss(&rng), b = rng_gauss(&rng), n = sqrt(a*a + b*b);
      double d1[2] = {a/n, b/n}, d2[2];
      for (;;) {
        a = rng_gauss(&rng); b = rng_gauss(&rng); n = sqrt(a*a + b*b);
        d2[0] = a/n; d2[1] = b/n;
        if (!(fabs(d1[0]*d2[0] + d1[1]*d2[1]) > 0.9)) break;
      }
      m->wrap_prm[0] = d1[0]; m->wrap_prm[1] = d1[1]; m->wrap_prm[2] = d2[0]; m->wrap_prm[3] = d2[1];
    }
  } else if (domain == 1) {
    int g = id(mjOBJ_GEOM, "target");
    m->geom_size[3*g] = target_radius;
    randomize_joints();
    double angle = rng_uniform(&rng, 0, 2*M_PI), radius = rng_uniform(&rng, .05, .20);
    m->geom_pos[3*g] = radius * sin(angle); m->geom_pos[3*g+1] = radius * cos(angle);
  } else if (domain == 2) {
    if (spin) {
      m->dof_damping[m->jnt_dofadr[id(mjOBJ_JOINT, "hinge")]] = 0.03;
    } else {
      int s = id(mjOBJ_SITE, "target");
      double angle = rng_uniform(&rng, -M_PI, M_PI);
      double hx = 0.2, hz = 0.4, rad = 0.13; /* hinge anchor and cap1 radius + half-length */
      m->site_pos[3*s] = hx + rad * sin(angle); m->site_pos[3*s+2] = hz + rad * cos(angle);
      m->site_size[3*s] = target_radius;
    }
    for (int i = 0; ; i++) {
      if (i >= 1000) { fprintf(stderr, "finger: no collision-free init\n"); exit(4); }
      randomize_joints();
      fwd_noact();
      if (d->ncon == 0) break;
    }
  } else {
    int bx = m->jnt_qposadr[id(mjOBJ_JOINT, "ball_x")], bz = m->jnt_qposadr[id(mjOBJ_JOINT, "ball_z")];
    do {
      d->qpos[bx] = rng_uniform(&rng, -.2, .2);
      d->qpos[bz] = rng_uniform(&rng, .2, .5);
      fwd_noact();
    } while (d->ncon > 0);
  }
}

static const double* sens(const char* n) { return d->sensordata + m->sensor_adr[id(mjOBJ_SENSOR, n)]; }

static void print_obs_reward(int t, int with_reward) {
  printf("{\"t\":%d,", t);
  if (with_reward) {
    double rew = 0;
    if (domain == 0) {
      int gt = id(mjOBJ_GEOM, "target"), gp = id(mjOBJ_GEOM, "pointmass");
      double dx[3], dist; for (int k = 0; k < 3; k++) dx[k] = d->geom_xpos[3*gt+k] - d->geom_xpos[3*gp+k];
      dist = sqrt(dx[0]*dx[0] + dx[1]*dx[1] + dx[2]*dx[2]);
      double ts = m->geom_size[3*gt], near;
      if (dist <= ts) near = 1; else { double s = sqrt(-2*log(0.1)), z = (dist - ts)/ts * s; near = exp(-0.5*z*z); }
      double sc = 0; for (int i = 0; i < m->nu; i++) { double u = d->ctrl[i]; sc += fabs(u) < 1 ? 1 - u*u : 0; }
      sc /= m->nu;
      rew = near * (4 + sc) / 5;
    } else if (domain == 1) {
      int gt = id(mjOBJ_GEOM, "target"), gf = id(mjOBJ_GEOM, "finger");
      double dx = d->geom_xpos[3*gt] - d->geom_xpos[3*gf], dy = d->geom_xpos[3*gt+1] - d->geom_xpos[3*gf+1];
      rew = sqrt(dx*dx + dy*dy) <= m->geom_size[3*gt] + m->geom_size[3*gf] ? 1 : 0;
    } else if (domain == 2) {
      if (spin) rew = sens("hinge_velocity")[0] <= -15 ? 1 : 0;
      else {
        const double *tip = sens("tip"), *tg = sens("target"), *sp = sens("spinner");
        double ex = (tg[0]-sp[0]) - (tip[0]-sp[0]), ez = (tg[2]-sp[2]) - (tip[2]-sp[2]);
        rew = sqrt(ex*ex + ez*ez) - m->site_size[3*id(mjOBJ_SITE, "target")] <= 0 ? 1 : 0;
      }
    } else {
      int st = id(mjOBJ_SITE, "target"), b = id(mjOBJ_BODY, "ball"), g = id(mjOBJ_GEOM, "ball");
      double dx = d->site_xpos[3*st] - d->xpos[3*b], dz = d->site_xpos[3*st+2] - d->xpos[3*b+2];
      double r = m->geom_size[3*g];
      rew = (fabs(dx) < m->site_size[3*st] - r && fabs(dz) < m->site_size[3*st+2] - r) ? 1 : 0;
    }
    printf("\"reward\":%.17g,", rew);
  }
  double o[16]; int n = 0;
  if (domain == 2) {
    const double *tip = sens("tip"), *sp = sens("spinner");
    o[n++] = sens("proximal")[0]; o[n++] = sens("distal")[0];
    o[n++] = tip[0]-sp[0]; o[n++] = tip[2]-sp[2];
    o[n++] = sens("proximal_velocity")[0]; o[n++] = sens("distal_velocity")[0]; o[n++] = sens("hinge_velocity")[0];
    o[n++] = log1p(sens("touchtop")[0]); o[n++] = log1p(sens("touchbottom")[0]);
    if (!spin) {
      const double* tg = sens("target");
      o[n++] = tg[0]-sp[0]; o[n++] = tg[2]-sp[2];
      double ex = o[n-2] - o[2], ez = o[n-1] - o[3];
      o[n++] = sqrt(ex*ex + ez*ez) - m->site_size[3*id(mjOBJ_SITE, "target")];
    }
  } else {
    for (int i = 0; i < m->nq; i++) o[n++] = d->qpos[i];
    if (domain == 1) {
      int gt = id(mjOBJ_GEOM, "target"), gf = id(mjOBJ_GEOM, "finger");
      o[n++] = d->geom_xpos[3*gt] - d->geom_xpos[3*gf]; o[n++] = d->geom_xpos[3*gt+1] - d->geom_xpos[3*gf+1];
    }
    for (int i = 0; i < m->nv; i++) o[n++] = d->qvel[i];
  }
  printf("\"obs\":[");
  for (int i = 0; i < n; i++) printf("%s%.17g", i ? "," : "", o[i]);
  printf("]}\n");
}

int main(int argc, char** argv) {
  if (argc < 6) { fprintf(stderr, "usage: taskcheck models_dir domain task seed A|C\n"); return 2; }
  const char* dom = argv[2]; const char* task = argv[3]; int seed = atoi(argv[4]); char f = argv[5][0];
  domain = !strcmp(dom, "point_mass") ? 0 : !strcmp(dom, "reacher") ? 1 : !strcmp(dom, "finger") ? 2 : 3;
  hard = !strcmp(task, "hard"); spin = !strcmp(task, "spin");
  target_radius = domain == 1 ? (hard ? .015 : .05) : (!strcmp(task, "turn_hard") ? .03 : .07);
  char path[1024], err[1000];
  snprintf(path, sizeof path, "%s/%s.xml", argv[1], dom);
  m = mj_loadXML(path, NULL, err, sizeof err);
  if (!m) { fprintf(stderr, "%s\n", err); return 1; }
  d = mj_makeData(m);
  int nsub = domain == 2 ? 2 : domain == 3 ? 10 : 1;
  rng_seed(&rng, seed);
  Rng act; rng_seed(&act, seed + 1000);
  /* reset */
  mj_resetData(m, d);
  fwd_noact();
  init_episode();
  fwd_noact();
  print_obs_reward(0, 0);
  for (int t = 1; t <= 1000; t++) {
    for (int i = 0; i < m->nu; i++)
      d->ctrl[i] = f == 'A' ? 0.9 * sin(0.05 * (t-1) * (i+1) + 0.3 * i) : rng_uniform(&act, -1, 1);
    mj_step2(m, d);
    for (int k = 1; k < nsub; k++) mj_step(m, d);
    mj_step1(m, d);
    print_obs_reward(t, 1);
  }
  return 0;
}
