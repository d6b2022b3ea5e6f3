package io.tributary.learner.nn.cuda;

import java.util.List;

/**
 * Loads, links (bytecode verification included) and initializes every class the CUDA route runs, for the gpu bundle
 * that carries no ND4J: a class whose verification needed an ND4J type would fail here with NoClassDefFoundError.
 * The CPU-only classes ({@code CpuBackend}, {@code Gemm}, {@code Buffers}, {@code Nd4jOpsUpdate}) are the ones left out.
 */
public final class CudaRouteLinkCheck {

    static final List<String> CUDA_ROUTE = List.of("io.tributary.learner.Learner", "io.tributary.learner.algo.Ppo",
            "io.tributary.learner.algo.Trpo", "io.tributary.learner.algo.Algorithms", "io.tributary.learner.nn.ActorCriticNet",
            "io.tributary.learner.nn.Mlp", "io.tributary.learner.nn.ParameterVector", "io.tributary.learner.nn.Adam",
            "io.tributary.learner.nn.OrthogonalInit", "io.tributary.learner.nn.Device", "io.tributary.learner.nn.MirroredBackend",
            "io.tributary.learner.algo.PpoCma", "io.tributary.learner.nn.cuda.CudaBackend",
            "io.tributary.learner.nn.cuda.CudaPpoStep", "io.tributary.learner.nn.cuda.CudaKernels",
            "io.tributary.learner.nn.cuda.CudaNative", "io.tributary.learner.nn.cuda.CudaLibraries",
            "io.tributary.learner.bench.UpdateBench", "io.tributary.learner.pipeline.PipelineLearner",
            "io.tributary.learner.pipeline.LearnerState", "io.tributary.learner.pipeline.TrainerAgent",
            "io.tributary.learner.checkpoint.RunCheckpointFile", "io.tributary.ops.train.InProcessTrainer",
            "io.tributary.ops.cli.Main");

    private CudaRouteLinkCheck() {}

    public static void main(String[] args) throws ClassNotFoundException {
        for (String c : CUDA_ROUTE) Class.forName(c, true, CudaRouteLinkCheck.class.getClassLoader());
        boolean nd4j = true;
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, CudaRouteLinkCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            nd4j = false;
        }
        System.out.println("the CUDA route's " + CUDA_ROUTE.size() + " classes load and link; ND4J on the class path: " + nd4j);
    }
}
