package io.tributary.ops.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The PNG writer's output, decoded by the JDK's own PNG reader (ImageIO, an independent decoder): pixel for pixel. */
class PngWriterTest {

    @Test
    void everyPixelDecodesAsWrittenByAnIndependentDecoder() throws Exception {
        int w = 37, h = 23;
        int[] rgb = new int[w * h];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < rgb.length; i++) rgb[i] = i % 7 == 0 ? 0xffffff : r.nextInt(1 << 24); // runs and noise
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngWriter.encode(w, h, rgb)));
        assertNotNull(img, "ImageIO reads it as a PNG");
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) assertEquals(rgb[y * w + x], img.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
        }
    }

    @Test
    void aSizeThatDoesNotMatchThePixelsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PngWriter.encode(3, 3, new int[8]));
    }
}
