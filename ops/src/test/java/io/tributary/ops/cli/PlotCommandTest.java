package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plot}: two seeds of one configuration and a run with another learning rate give two curves (the seeds as one
 * mean with its spread) in a PNG that decodes, has the asked size and is drawn on (colours, pixels off the background).
 */
class PlotCommandTest {

    @TempDir
    Path tmp;

    private Path train(String name, String seed, String lr) {
        Cli.Result r = Cli.run("train", "--env", "Pendulum-v1", "--actors", "0", "--num-envs", "2", "--num-steps", "200", "--total-timesteps",
                "1600", "--num-minibatches", "4", "--update-epochs", "1", "--seed", seed, "--learning-rate", lr, "--runs-dir", tmp.toString(),
                "--run-name", name, "--progress", "false");
        assertEquals(0, r.code(), r.out() + r.err());
        return tmp.resolve(name);
    }

    @Test
    void seedsOfOneConfigurationBecomeOneCurveWithSpreadInADecodablePng() throws Exception {
        Path a = train("s1", "1", "3e-4"), b = train("s2", "2", "3e-4"), c = train("fast", "1", "1e-3");
        Path png = tmp.resolve("curves.png");
        Cli.Result r = Cli.run("plot", a.toString(), b.toString(), c.toString(), "--out", png.toString(), "--width", "640", "--height", "480");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("plot: Pendulum-v1 rpo, seeds 1, 2 (mean, std) (2 runs)"), r.out());
        assertTrue(r.out().contains("plot: fast (1 run)"), r.out());

        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG ImageIO decodes");
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        int background = img.getRGB(1, 1);
        Set<Integer> colours = new HashSet<>();
        int drawn = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                colours.add(p);
                if (p != background) drawn++;
            }
        }
        assertTrue(colours.size() > 30, "distinct colours: " + colours.size());
        assertTrue(drawn > img.getWidth() * img.getHeight() / 20, "pixels off the background: " + drawn);
    }

    @Test
    void aDirectoryThatIsNoRunIsNamed() {
        Cli.Result r = Cli.run("plot", tmp.resolve("none").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("none is not a run directory"), r.err());
    }
}
