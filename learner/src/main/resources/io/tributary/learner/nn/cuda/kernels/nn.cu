// The compute seam's elementwise operations (ComputeBackend): bias + activation, the activation's derivative from its
// output, column sums. Row-major float32 matrices; one thread per element, grid-stride so any grid covers any size.
// Activation codes follow io.tributary.learner.nn.Activation's order: 0 identity, 1 tanh, 2 relu.

extern "C" __global__ void bias_act(float* y, const float* bias, int rows, int cols, int act) {
    long n = (long) rows * cols;
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        float v = y[i] + bias[i % cols];
        if (act == 1) v = tanhf(v);
        else if (act == 2) v = v > 0.f ? v : 0.f;
        y[i] = v;
    }
}

// d *= act'(.) through the activation's output y: tanh 1 - y^2, relu y > 0 (the CPU backend's rule)
extern "C" __global__ void scale_by_derivative(float* d, const float* y, long n, int act) {
    for (long i = blockIdx.x * (long) blockDim.x + threadIdx.x; i < n; i += (long) gridDim.x * blockDim.x) {
        float yi = y[i];
        if (act == 1) d[i] *= 1.f - yi * yi;
        else if (act == 2) d[i] = yi > 0.f ? d[i] : 0.f;
    }
}

// out[o] = sum_r d[r][o]. A block of 256 threads owns 32 adjacent columns: lane = column (coalesced reads of a row's
// 32 floats), the 8 warps take every 8th row; the 8 partial sums are added in a fixed order (deterministic).
extern "C" __global__ void column_sums(const float* d, float* out, int rows, int cols) {
    __shared__ float part[8][32];
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    int col = blockIdx.x * 32 + lane;
    float acc = 0.f;
    if (col < cols) {
        for (int r = warp; r < rows; r += 8) acc += d[(long) r * cols + col];
    }
    part[warp][lane] = acc;
    __syncthreads();
    if (warp == 0 && col < cols) {
        float s = 0.f;
        for (int w = 0; w < 8; w++) s += part[w][lane];
        out[col] = s;
    }
}
