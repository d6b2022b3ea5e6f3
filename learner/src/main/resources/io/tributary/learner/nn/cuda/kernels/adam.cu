// clip_grad_norm_ and torch.optim.Adam over the flat parameter vector, as io.tributary.learner.nn.Adam does on the
// host: partial sums of squares per block, then one kernel in which every block re-adds the (few) partials in the
// same order, so every block sees the same norm without a device-wide barrier, scales the gradient when the norm
// exceeds max_norm, and takes the Adam step. hyper[0] = lr / (1 - beta1^t), hyper[1] = 1 / sqrt(1 - beta2^t), both
// computed on the host in double and rounded to float as the host optimizer does.

extern "C" __global__ void sumsq_partial(const float* g, long n, double* partial) {
    __shared__ double part[256];
    double s = 0;
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        double v = g[i];
        s += v * v;
    }
    part[threadIdx.x] = s;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = part[0];
}

extern "C" __global__ void clip_adam(float* p, float* g, float* m, float* v, long n, const double* partial,
        int partials, double maxNorm, const float* hyper, float beta1, float beta2, float eps, double* normOut) {
    double sq = 0;
    for (int b = 0; b < partials; b++) sq += partial[b];
    double norm = sqrt(sq);
    double coef = maxNorm / (norm + 1e-6);
    float c = (float) coef;
    int clip = coef < 1.0;
    if (blockIdx.x == 0 && threadIdx.x == 0) *normOut = norm;
    float stepSize = hyper[0];
    float invSqrtBc2 = hyper[1];
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        float gi = g[i];
        if (clip) {
            gi *= c;
            g[i] = gi;
        }
        float mi = beta1 * m[i] + (1.f - beta1) * gi;
        float vi = beta2 * v[i] + (1.f - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= stepSize * mi / (sqrtf(vi) * invSqrtBc2 + eps);
    }
}
