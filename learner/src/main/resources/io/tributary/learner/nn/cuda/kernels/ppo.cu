// CleanRL's PPO/RPO minibatch loss and its hand-written gradient with respect to the network outputs (mean, value,
// log_std), as io.tributary.learner.algo.Ppo#lossAndGradients writes it on the host, split into kernels that a CUDA
// graph replays: gather the minibatch rows from the device-resident batch, advantage statistics, one thread per row
// for the loss terms and the output cotangents, column sums of the per-row terms, and the finishing scalars.
// Per-row arithmetic is in double as on the host; the cotangents are stored as float32 as on the host.

#define LOG_SQRT_2PI 0.91893853320467274178

// obs/act rows and the per-row scalars of the minibatch, idx[r] naming the batch row (np.random.shuffle's order)
extern "C" __global__ void gather_rows(const int* idx, int rows, int od, int ad,
        const float* bObs, const float* bAct, const float* bLogp, const float* bAdv, const float* bRet,
        const float* bVal, float* obs, float* act, float* logp, float* adv, float* ret, float* val) {
    long stride = (long) gridDim.x * blockDim.x;
    long first = blockIdx.x * (long) blockDim.x + threadIdx.x;
    for (long i = first; i < (long) rows * od; i += stride) {
        long r = i / od;
        obs[i] = bObs[(long) idx[r] * od + (i - r * od)];
    }
    for (long i = first; i < (long) rows * ad; i += stride) {
        long r = i / ad;
        act[i] = bAct[(long) idx[r] * ad + (i - r * ad)];
    }
    for (long r = first; r < rows; r += stride) {
        int b = idx[r];
        logp[r] = bLogp[b];
        adv[r] = bAdv[b];
        ret[r] = bRet[b];
        val[r] = bVal[b];
    }
}

// stats[0] = mean, stats[1] = torch's unbiased std + 1e-8 (or 0 and 1 without normalization). One block.
extern "C" __global__ void adv_stats(const float* adv, int rows, int normAdv, double* stats) {
    __shared__ double part[256];
    double s = 0;
    for (int i = threadIdx.x; i < rows; i += blockDim.x) s += adv[i];
    part[threadIdx.x] = s;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    double mean = part[0] / rows;
    __syncthreads();
    double ss = 0;
    for (int i = threadIdx.x; i < rows; i += blockDim.x) {
        double d = adv[i] - mean;
        ss += d * d;
    }
    part[threadIdx.x] = ss;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        stats[0] = normAdv ? mean : 0.0;
        stats[1] = normAdv ? sqrt(part[0] / (rows - 1)) + 1e-8 : 1.0;
    }
}

// One thread per row: the row's loss terms into terms[r][0..5+ad) (pg, unreduced value loss, -logratio,
// (ratio - 1) - logratio, clipped, then dLogStd_j), the mean's cotangent into dMean and the value's into dValue.
extern "C" __global__ void ppo_rows(int rows, int ad, const float* mean, const float* value, const float* params,
        int logStdOffset, const float* act, const float* z, const float* logp, const float* adv, const float* ret,
        const float* val, const double* advStats, double clip, double vfCoef, int clipVloss, float* dMean,
        float* dValue, double* terms) {
    int cols = 5 + ad;
    double invRows = 1.0 / rows;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < rows; i += gridDim.x * blockDim.x) {
        double* t = terms + (long) i * cols;
        double newLogProb = 0;
        for (int j = 0; j < ad; j++) {
            double ls = params[logStdOffset + j];
            double d = (act[i * ad + j] - ((double) mean[i * ad + j] + z[i * ad + j])) * exp(-ls);
            newLogProb += -0.5 * d * d - ls - LOG_SQRT_2PI;
        }
        double logratio = newLogProb - logp[i];
        double ratio = exp(logratio);
        double a = ((double) adv[i] - advStats[0]) / advStats[1];
        double clamped = fmax(1 - clip, fmin(1 + clip, ratio));
        double pg1 = -a * ratio;
        double pg2 = -a * clamped;
        double pass = ratio >= 1 - clip && ratio <= 1 + clip ? 1.0 : 0.0;
        double dPg = pg1 > pg2 ? -a : pg1 < pg2 ? -a * pass : 0.5 * (-a - a * pass);
        double dLogProb = dPg * ratio * invRows;
        t[0] = fmax(pg1, pg2);
        t[2] = -logratio;
        t[3] = (ratio - 1) - logratio;
        t[4] = fabs(ratio - 1.0) > clip ? 1.0 : 0.0;
        for (int j = 0; j < ad; j++) {
            double ls = params[logStdOffset + j];
            double inv = exp(-ls);
            double d = (act[i * ad + j] - ((double) mean[i * ad + j] + z[i * ad + j])) * inv;
            dMean[i * ad + j] = (float) (dLogProb * d * inv);
            t[5 + j] = dLogProb * (d * d - 1.0);
        }
        double v = value[i];
        double r = ret[i];
        double dv;
        if (clipVloss) {
            double unclipped = (v - r) * (v - r);
            double vClipped = val[i] + fmax(-clip, fmin(clip, v - val[i]));
            double clippedLoss = (vClipped - r) * (vClipped - r);
            t[1] = fmax(unclipped, clippedLoss);
            double vpass = fabs(v - val[i]) <= clip ? 1.0 : 0.0;
            double dU = 2 * (v - r);
            double dC = 2 * (vClipped - r) * vpass;
            dv = unclipped > clippedLoss ? dU : unclipped < clippedLoss ? dC : 0.5 * (dU + dC);
        } else {
            t[1] = (v - r) * (v - r);
            dv = 2 * (v - r);
        }
        dValue[i] = (float) (vfCoef * 0.5 * dv * invRows);
    }
}

// sums[k] = sum_r terms[r][k]; one block per column, a fixed reduction order (deterministic).
extern "C" __global__ void column_sums_f64(const double* terms, int rows, int cols, double* sums) {
    __shared__ double part[256];
    int k = blockIdx.x;
    double s = 0;
    for (int r = threadIdx.x; r < rows; r += blockDim.x) s += terms[(long) r * cols + k];
    part[threadIdx.x] = s;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) sums[k] = part[0];
}

// The scalars (out: loss, pg_loss, v_loss, entropy, old_approx_kl, approx_kl, clipfrac) and the log_std gradient
// (d/dlog_std of the surrogate minus ent_coef) written into the gradient vector. One thread.
extern "C" __global__ void ppo_finish(int rows, int ad, const double* sums, const float* params, int logStdOffset,
        double entCoef, double vfCoef, float* grads, double* out) {
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    double invRows = 1.0 / rows;
    double entropy = 0;
    for (int j = 0; j < ad; j++) {
        entropy += 0.5 + LOG_SQRT_2PI + params[logStdOffset + j];
        grads[logStdOffset + j] = (float) (sums[5 + j] - entCoef);
    }
    double pg = sums[0] * invRows;
    double v = 0.5 * sums[1] * invRows;
    out[0] = pg - entCoef * entropy + v * vfCoef;
    out[1] = pg;
    out[2] = v;
    out[3] = entropy;
    out[4] = sums[2] * invRows;
    out[5] = sums[3] * invRows;
    out[6] = sums[4] * invRows;
}
