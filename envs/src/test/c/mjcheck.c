/* Dev tool (not part of the Maven build): load an MJCF with MuJoCo 2.2.2, print its header
 * (sizes, options, names, masses, qpos0) and the golden control-formula trajectory as JSON
 * lines in the layout of shared/golden/dm_control/physics/<domain>.jsonl.gz, so that
 * compare_physics.py can diff our model against the suite's.
 *   gcc -O2 -o /tmp/mjcheck mjcheck.c -lmujoco -lm && /tmp/mjcheck model.xml [nsteps] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <mujoco/mujoco.h>

static void arr(const char* key, const mjtNum* v, int n, int comma) {
  printf("\"%s\":[", key);
  for (int i = 0; i < n; i++) printf("%s%.17g", i ? "," : "", v[i]);
  printf("]%s", comma ? "," : "");
}

static void names(const mjModel* m, const char* key, mjtObj type, int n, int comma) {
  printf("\"%s\":[", key);
  for (int i = 0; i < n; i++) {
    const char* s = mj_id2name(m, type, i);
    printf("%s\"%s\"", i ? "," : "", s ? s : "");
  }
  printf("]%s", comma ? "," : "");
}

int main(int argc, char** argv) {
  if (argc < 2) { fprintf(stderr, "usage: mjcheck model.xml [nsteps]\n"); return 2; }
  int nsteps = argc > 2 ? atoi(argv[2]) : 1000;
  char err[1000] = "";
  mjModel* m = mj_loadXML(argv[1], NULL, err, sizeof err);
  if (!m) { fprintf(stderr, "load error: %s\n", err); return 1; }
  if (err[0]) fprintf(stderr, "load warning: %s\n", err);
  mjData* d = mj_makeData(m);
  mjData* c = mj_makeData(m);
  printf("{\"header\":true,\"nq\":%d,\"nv\":%d,\"nu\":%d,\"na\":%d,\"nbody\":%d,\"njnt\":%d,"
         "\"ngeom\":%d,\"nsensor\":%d,\"nsensordata\":%d,\"timestep\":%.17g,\"integrator\":%d,"
         "\"total_mass\":%.17g,", m->nq, m->nv, m->nu, m->na, m->nbody, m->njnt, m->ngeom,
         m->nsensor, m->nsensordata, m->opt.timestep, m->opt.integrator, mj_getTotalmass(m));
  arr("gravity", m->opt.gravity, 3, 1);
  names(m, "body_names", mjOBJ_BODY, m->nbody, 1);
  arr("body_mass", m->body_mass, m->nbody, 1);
  names(m, "joint_names", mjOBJ_JOINT, m->njnt, 1);
  names(m, "actuator_names", mjOBJ_ACTUATOR, m->nu, 1);
  arr("actuator_ctrlrange", m->actuator_ctrlrange, 2 * m->nu, 1);
  names(m, "sensor_names", mjOBJ_SENSOR, m->nsensor, 1);
  arr("geom_pos", m->geom_pos, 3 * m->ngeom, 1);
  arr("geom_size", m->geom_size, 3 * m->ngeom, 1);
  arr("site_pos", m->site_pos, 3 * m->nsite, 1);
  arr("site_size", m->site_size, 3 * m->nsite, 1);
  arr("body_pos", m->body_pos, 3 * m->nbody, 1);
  arr("dof_damping", m->dof_damping, m->nv, 1);
  arr("wrap_prm", m->wrap_prm, m->nwrap, 1);
  arr("qpos0", m->qpos0, m->nq, 0);
  printf("}\n");

  mj_resetData(m, d);
  for (int t = 0; t <= nsteps; t++) {
    if (t % 10 == 0) {
      mj_copyData(c, m, d);
      mj_forward(m, c);
      printf("{\"step\":%d,\"time\":%.17g,", t, d->time);
      arr("ctrl", d->ctrl, m->nu, 1);
      arr("qpos", d->qpos, m->nq, 1);
      arr("qvel", d->qvel, m->nv, 1);
      arr("act", d->act, m->na, 1);
      arr("sens_fwd", c->sensordata, m->nsensordata, 1);
      arr("sens_step", d->sensordata, m->nsensordata, 1);
      arr("qacc_fwd", c->qacc, m->nv, 0);
      printf("}\n");
    }
    if (t == nsteps) break;
    for (int i = 0; i < m->nu; i++) {
      double lo = -1, hi = 1;
      if (m->actuator_ctrllimited[i]) { lo = m->actuator_ctrlrange[2*i]; hi = m->actuator_ctrlrange[2*i+1]; }
      d->ctrl[i] = (lo + hi) / 2 + 0.9 * (hi - lo) / 2 * sin(0.013 * t * (i + 1) + 0.7 * i);
    }
    mj_step(m, d);
  }
  mj_deleteData(c);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
