/*
 * Tributary's shim over the MuJoCo C library (built against libmujoco-dev 2.2.2).
 *
 * Why a shim: Java must never hardcode the layouts of mjModel/mjData. Every field Java reads is
 * resolved here by name through MuJoCo's own X-macro tables (mjxmacro.h), so the offsets and
 * array shapes come from the headers the library was built with. The shim also owns the hot
 * path: one downcall steps a whole vector of environment copies with dm_control's exact call
 * sequence, and reports per-copy physics errors instead of letting MuJoCo exit the process.
 */
#include <math.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>

#define TRB_ABI_VERSION 3

/* Element types reported to Java. */
enum { TRB_F64 = 0, TRB_F32 = 1, TRB_I32 = 2, TRB_U8 = 3, TRB_CHAR = 4, TRB_OTHER = 5 };

/* Per-copy physics error flags returned by the step functions. */
enum { TRB_ERR_WARNING = 1, TRB_ERR_NONFINITE = 2, TRB_ERR_MUJOCO = 4 };

static atomic_long live_objects = 0;

/* ---- errors: MuJoCo's default error handler calls exit(); we jump back to the caller instead ---- */

static _Thread_local jmp_buf *error_jump = NULL;
static _Thread_local char last_error[512];
static _Thread_local char last_warning[512];

static void on_mujoco_error(const char *msg) {
  snprintf(last_error, sizeof last_error, "%s", msg);
  if (error_jump) longjmp(*error_jump, 1);
  fprintf(stderr, "tributary: MuJoCo error outside a guarded call: %s\n", msg);
  abort();
}

static void on_mujoco_warning(const char *msg) {
  /* Warnings are counted by MuJoCo in mjData.warning; Java reads the counters. Keep stdout clean. */
  snprintf(last_warning, sizeof last_warning, "%s", msg);
}

static int type_code(const char *t) {
  if (!strcmp(t, "mjtNum")) return TRB_F64;
  if (!strcmp(t, "float")) return TRB_F32;
  if (!strcmp(t, "int")) return TRB_I32;
  if (!strcmp(t, "mjtByte")) return TRB_U8;
  if (!strcmp(t, "char")) return TRB_CHAR;
  return TRB_OTHER;
}

int trb_abi_version(void) { return TRB_ABI_VERSION; }
int trb_mujoco_version(void) { return mj_version(); }
long trb_live_objects(void) { return atomic_load(&live_objects); }
const char *trb_last_error(void) { return last_error; }
const char *trb_last_warning(void) { return last_warning; }

void trb_init(void) {
  mju_user_error = on_mujoco_error;
  mju_user_warning = on_mujoco_warning;
}

/* ---- model/data lifetime; every allocation is counted so tests can prove nothing leaks ---- */

/* Adds one in-memory file to the VFS. MuJoCo 2.2.2 keys VFS files by their name without the directory,
 * lower-cased (mj_makeEmptyFileVFS / mj_findFileVFS strip and fold it), so "dog_assets/BONEC_1.stl" and a mesh
 * file="BONEC_1.stl" under meshdir="dog_assets/" meet. (2.2.2's mj_addFileVFS(vfs, dir, file) ignores dir and reads
 * file from the working directory, so it cannot load from an installation elsewhere: files come from Java.) */
static int vfs_add(mjVFS *vfs, const char *name, const void *data, int size, char *err, int errsz) {
  if (strlen(name) >= mjMAXVFSNAME) {
    snprintf(err, errsz, "VFS file name longer than %d characters: %s", mjMAXVFSNAME - 1, name);
    return -1;
  }
  int r = mj_makeEmptyFileVFS(vfs, name, size);
  if (r == 1) { snprintf(err, errsz, "MuJoCo's VFS is full (%d files at most) adding %s", mjMAXVFS, name); return -1; }
  if (r == 2) { snprintf(err, errsz, "two VFS files with the name %s (MuJoCo keys them without directory, lower-cased)", name); return -1; }
  if (r != 0) { snprintf(err, errsz, "cannot create VFS file %s (%d)", name, r); return -1; }
  int idx = mj_findFileVFS(vfs, name);
  if (idx < 0) { snprintf(err, errsz, "VFS file %s not found after adding it", name); return -1; }
  if (size > 0) memcpy(vfs->filedata[idx], data, (size_t)size);
  return 0;
}

/* Compiles MJCF text named `name` with `nfiles` more in-memory files (meshes, includes, ...) in MuJoCo's VFS:
 * names[i] (a path as the model refers to it; only its last component counts), data[i], sizes[i] bytes. The VFS
 * holds mjMAXVFS (2000 in 2.2.2) files, the model's own included. */
mjModel *trb_load_xml_vfs(const char *name, const char *xml, int nfiles, const char *const *names,
                          const void *const *data, const int *sizes, char *err, int errsz) {
  if (nfiles < 0 || nfiles + 1 > mjMAXVFS) {
    snprintf(err, errsz, "%d asset files and the model do not fit MuJoCo's VFS (%d files at most)", nfiles, mjMAXVFS);
    return NULL;
  }
  mjVFS *vfs = (mjVFS *)malloc(sizeof(mjVFS));
  if (!vfs) { snprintf(err, errsz, "out of memory for the MuJoCo VFS"); return NULL; }
  mj_defaultVFS(vfs);
  int ok = vfs_add(vfs, name, xml, (int)strlen(xml), err, errsz) == 0;
  for (int i = 0; ok && i < nfiles; i++) ok = vfs_add(vfs, names[i], data[i], sizes[i], err, errsz) == 0;
  mjModel *volatile m = NULL;
  if (ok) {
    jmp_buf jb;
    error_jump = &jb;
    if (setjmp(jb) == 0) {
      m = mj_loadXML(name, vfs, err, errsz);
    } else {
      snprintf(err, errsz, "MuJoCo error: %s", last_error);
      m = NULL;
    }
    error_jump = NULL;
  }
  mj_deleteVFS(vfs);
  free(vfs);
  if (m) atomic_fetch_add(&live_objects, 1);
  return m;
}

/* MJCF text that refers to no other file. */
mjModel *trb_load_xml(const char *name, const char *xml, char *err, int errsz) {
  return trb_load_xml_vfs(name, xml, 0, NULL, NULL, NULL, err, errsz);
}

mjModel *trb_copy_model(const mjModel *src) {
  mjModel *m = mj_copyModel(NULL, src);
  if (m) atomic_fetch_add(&live_objects, 1);
  return m;
}

void trb_free_model(mjModel *m) {
  if (!m) return;
  mj_deleteModel(m);
  atomic_fetch_sub(&live_objects, 1);
}

mjData *trb_make_data(const mjModel *m) {
  mjData *d = mj_makeData(m);
  if (d) atomic_fetch_add(&live_objects, 1);
  return d;
}

void trb_free_data(mjData *d) {
  if (!d) return;
  mj_deleteData(d);
  atomic_fetch_sub(&live_objects, 1);
}

/* ---- field lookup by name (offsets and shapes from mjxmacro.h, never hardcoded in Java) ---- */

/* Returns a pointer to the named array of mjModel, its element type and shape; NULL if unknown. */
void *trb_model_array(const mjModel *m, const char *name, int *type, long *rows, long *cols) {
  MJMODEL_POINTERS_PREAMBLE(m)
#define X(TYPE, NAME, NR, NC)                                                  \
  if (!strcmp(name, #NAME)) {                                                  \
    *type = type_code(#TYPE); *rows = (long)(m->NR); *cols = (long)(NC);       \
    return (void *)m->NAME;                                                    \
  }
#undef MJ_M
#define MJ_M(n) m->n
  MJMODEL_POINTERS
#undef X
#undef MJ_M
#define MJ_M(n) n
  (void)nuser_body; (void)nuser_jnt; (void)nuser_geom; (void)nuser_site; (void)nuser_cam;
  (void)nuser_tendon; (void)nuser_actuator; (void)nuser_sensor; (void)nq; (void)nv; (void)na;
  (void)nu; (void)nmocap;
  return NULL;
}

void *trb_data_array(const mjModel *m, const mjData *d, const char *name, int *type, long *rows,
                     long *cols) {
  MJDATA_POINTERS_PREAMBLE(m)
#define X(TYPE, NAME, NR, NC)                                                  \
  if (!strcmp(name, #NAME)) {                                                  \
    *type = type_code(#TYPE); *rows = (long)(m->NR); *cols = (long)(NC);       \
    return (void *)d->NAME;                                                    \
  }
  MJDATA_POINTERS
#undef X
  (void)nv; (void)njmax;
  return NULL;
}

/* Size fields of mjModel (nq, nv, ngeom, ...); -1 if unknown. */
long trb_model_size(const mjModel *m, const char *name) {
#define X(NAME) if (!strcmp(name, #NAME)) return (long)m->NAME;
  MJMODEL_INTS
#undef X
  return -1;
}

/* Pointer to a scalar or vector field of mjModel.opt (timestep, integrator, gravity, ...). */
void *trb_option_field(mjModel *m, const char *name, int *type, long *count) {
#define X(TYPE, NAME) if (!strcmp(name, #NAME)) { *type = type_code(#TYPE); *count = 1; return (void *)&m->opt.NAME; }
  MJOPTION_SCALARS
#undef X
#define X(NAME, N) if (!strcmp(name, #NAME)) { *type = TRB_F64; *count = (N); return (void *)m->opt.NAME; }
  MJOPTION_VECTORS
#undef X
  return NULL;
}

/* Pointer to a scalar field of mjData (time, ncon, nefc, ...). */
void *trb_data_scalar(mjData *d, const char *name, int *type) {
#define X(TYPE, NAME) if (!strcmp(name, #NAME)) { *type = type_code(#TYPE); return (void *)&d->NAME; }
  MJDATA_SCALAR
#undef X
  return NULL;
}

/* ---- dm_control's call sequences ---- */

__attribute__((noinline)) static long warning_total(const mjData *d) {
  long n = 0;
  for (int i = 0; i < mjNWARNING; i++) n += d->warning[i].number;
  return n;
}

static int state_finite(const mjModel *m, const mjData *d) {
  for (int i = 0; i < m->nq; i++) if (!isfinite(d->qpos[i])) return 0;
  for (int i = 0; i < m->nv; i++) if (!isfinite(d->qvel[i]) || !isfinite(d->qacc[i])) return 0;
  return 1;
}

/* Plain mj_forward (full forward incl. actuation), guarded. */
int trb_forward(const mjModel *m, mjData *d) {
  jmp_buf jb;
  volatile int flags = 0;
  error_jump = &jb;
  if (setjmp(jb) == 0) mj_forward(m, d);
  else { d->pstack = 0; flags = TRB_ERR_MUJOCO; }
  error_jump = NULL;
  return flags;
}

/* dm_control's physics.forward() inside reset_context / after_reset: actuation disabled. The flag is restored
 * after the guarded call returns, so a caught MuJoCo error cannot leave the model without actuation. */
int trb_forward_noact(const mjModel *mc, mjData *d) {
  mjModel *m = (mjModel *)mc;
  int saved = m->opt.disableflags;
  m->opt.disableflags |= mjDSBL_ACTUATION;
  int flags = trb_forward(m, d);
  m->opt.disableflags = saved;
  return flags;
}

/* Step 1 of dm_control's reset: mj_resetData then a forward pass with actuation disabled. */
int trb_reset(const mjModel *m, mjData *d) {
  mj_resetData(m, d);
  return trb_forward_noact(m, d);
}

/*
 * One control step of dm_control (rl/control.py + mujoco/engine.py, legacy_step=True):
 * ctrl = action; RK4: mj_step x n then mj_step1; otherwise mj_step2, mj_step x (n-1), mj_step1.
 * Returns 0 or TRB_ERR_* flags (a warning counter increased, a non-finite state, a MuJoCo error).
 */
int trb_control_step(const mjModel *m, mjData *d, const double *action, int nsub) {
  volatile long warnings_before = warning_total(d);
  memcpy(d->ctrl, action, sizeof(mjtNum) * (size_t)m->nu);
  jmp_buf jb;
  volatile int flags = 0;
  error_jump = &jb;
  if (setjmp(jb) == 0) {
    if (m->opt.integrator == mjINT_RK4) {
      for (int i = 0; i < nsub; i++) mj_step(m, d);
    } else {
      mj_step2(m, d);
      for (int i = 1; i < nsub; i++) mj_step(m, d);
    }
    mj_step1(m, d);
  } else {
    /* the jump skipped MuJoCo's stack release; the episode ends here and reset clears the rest */
    d->pstack = 0;
    flags |= TRB_ERR_MUJOCO;
  }
  error_jump = NULL;
  if (warning_total(d) > warnings_before) flags |= TRB_ERR_WARNING;
  if (!state_finite(m, d)) flags |= TRB_ERR_NONFINITE;
  return flags;
}

/* Steps copies [0, n): one downcall per vector step. actions is row-major n x nu[i]. */
void trb_step_batch(int n, mjModel *const *models, mjData *const *datas, const double *actions,
                    int action_stride, int nsub, int *flags) {
  for (int i = 0; i < n; i++) {
    flags[i] = trb_control_step(models[i], datas[i], actions + (size_t)i * action_stride, nsub);
  }
}

/* Self-test of the error path: raises a MuJoCo error under the guard; returns TRB_ERR_MUJOCO when it was caught
 * (the process would have exited with MuJoCo's default handler). */
int trb_error_selftest(void) {
  jmp_buf jb;
  volatile int flags = 0;
  error_jump = &jb;
  if (setjmp(jb) == 0) mju_error("tributary error-path self-test");
  else flags = TRB_ERR_MUJOCO;
  error_jump = NULL;
  return flags;
}

/* Benchmark reference: plain mj_step loop with the given ctrl held constant. */
void trb_raw_steps(const mjModel *m, mjData *d, const double *ctrl, long steps) {
  memcpy(d->ctrl, ctrl, sizeof(mjtNum) * (size_t)m->nu);
  for (long i = 0; i < steps; i++) mj_step(m, d);
}

/* ---- Gymnasium 0.29.1 MujocoEnv's call sequence ---- */

/*
 * One Gymnasium MujocoEnv step (_step_mujoco_simulation): ctrl = action; mj_step x frame_skip; then
 * mj_rnePostConstraint, which fills cacc/cfrc_int/cfrc_ext (Ant's and Humanoid's contact-force observations).
 * Returns 0 or TRB_ERR_* flags, as trb_control_step.
 */
int trb_gym_step(const mjModel *m, mjData *d, const double *action, int frame_skip) {
  volatile long warnings_before = warning_total(d);
  memcpy(d->ctrl, action, sizeof(mjtNum) * (size_t)m->nu);
  jmp_buf jb;
  volatile int flags = 0;
  error_jump = &jb;
  if (setjmp(jb) == 0) {
    for (int i = 0; i < frame_skip; i++) mj_step(m, d);
    mj_rnePostConstraint(m, d);
  } else {
    d->pstack = 0;
    flags |= TRB_ERR_MUJOCO;
  }
  error_jump = NULL;
  if (warning_total(d) > warnings_before) flags |= TRB_ERR_WARNING;
  if (!state_finite(m, d)) flags |= TRB_ERR_NONFINITE;
  return flags;
}

/* trb_gym_step over copies [0, n): one downcall per vector step. actions is row-major n x action_stride. */
void trb_gym_step_batch(int n, mjModel *const *models, mjData *const *datas, const double *actions,
                        int action_stride, int frame_skip, int *flags) {
  for (int i = 0; i < n; i++) {
    flags[i] = trb_gym_step(models[i], datas[i], actions + (size_t)i * action_stride, frame_skip);
  }
}
