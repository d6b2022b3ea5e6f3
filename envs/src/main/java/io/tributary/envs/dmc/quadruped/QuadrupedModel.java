package io.tributary.envs.dmc.quadruped;

import static io.tributary.envs.dmc.MjcfEdits.elements;
import static io.tributary.envs.dmc.MjcfEdits.format;
import static io.tributary.envs.dmc.MjcfEdits.named;
import static io.tributary.envs.dmc.MjcfEdits.parse;
import static io.tributary.envs.dmc.MjcfEdits.remove;
import static io.tributary.envs.dmc.MjcfEdits.serialize;

import io.tributary.envs.dmc.ModelFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;

/**
 * The suite's {@code make_model} for quadruped (facts 5.14): {@code quadruped.xml} holds every element, and each task
 * removes what it does not use, so the compiled order of what stays is the suite's. Removing elements (never
 * re-creating them) is what keeps the compiled model identical to the one the suite builds for that task.
 */
final class QuadrupedModel {

    private static final List<String> WALLS = List.of("wall_px", "wall_py", "wall_nx", "wall_ny");

    private QuadrupedModel() {}

    /**
     * @param floorSize     the floor plane's half-size (x and y), or NaN to keep the file's 15 x 15
     * @param terrain       keep the heightfield geom
     * @param rangefinders  keep the 20 rangefinder sensors (their sites always stay, as in the suite)
     * @param wallsAndBall  keep the four walls, the ball and the target site
     */
    static String xml(double floorSize, boolean terrain, boolean rangefinders, boolean wallsAndBall) {
        Document doc = parse("quadruped.xml", ModelFiles.read("quadruped.xml"));
        if (!Double.isNaN(floorSize)) {
            String s = format(floorSize);
            named(doc, "quadruped.xml", "geom", "floor").setAttribute("size", s + " " + s + " .5");
        }
        if (!wallsAndBall) {
            for (String wall : WALLS) remove(named(doc, "quadruped.xml", "geom", wall));
            remove(named(doc, "quadruped.xml", "body", "ball"));
            remove(named(doc, "quadruped.xml", "site", "target"));
        }
        if (!terrain) remove(named(doc, "quadruped.xml", "geom", "terrain"));
        if (!rangefinders) {
            for (Element rf : elements(doc, "rangefinder")) remove(rf);
        }
        return serialize("quadruped.xml", doc);
    }
}
