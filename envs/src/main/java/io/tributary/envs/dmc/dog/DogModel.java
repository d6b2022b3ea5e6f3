package io.tributary.envs.dmc.dog;

import static io.tributary.envs.dmc.MjcfEdits.elements;
import static io.tributary.envs.dmc.MjcfEdits.format;
import static io.tributary.envs.dmc.MjcfEdits.named;
import static io.tributary.envs.dmc.MjcfEdits.parse;
import static io.tributary.envs.dmc.MjcfEdits.remove;
import static io.tributary.envs.dmc.MjcfEdits.serialize;

import io.tributary.envs.dmc.DmControlInstallation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dog's model, read from a dm_control installation ({@link DmControlInstallation}) and edited per task as the
 * suite's {@code make_model} does: the floor's half-size set (x = y = {@code floorSize}, z .1); for every task but
 * fetch the ball, the target, the four walls and the two cameras that look at them removed.
 *
 * <p>One edit of ours: the rendering-only elements that name files are removed (the {@code <skin>} and its
 * {@code .skn} file, the two {@code <texture file=...>} PNGs, the materials using those textures, and the attributes
 * that refer to those materials), so a compile needs only the meshes and the suite's {@code common/} includes, and
 * does not decode textures or bind the skin (neither changes any physics field). Files are read from the
 * installation into memory and compiled through MuJoCo's VFS; nothing of it is copied anywhere.
 */
final class DogModel {

    static final String MODEL_FILE = "dog.xml";
    private static final List<String> WALLS = List.of("wall_px", "wall_py", "wall_nx", "wall_ny");

    private DogModel() {}

    /** The edited MJCF text of {@code suite/dog.xml} in {@code suiteDir}. */
    static String xml(Path suiteDir, double floorSize, boolean keepBallAndWalls) {
        Document doc = parse(MODEL_FILE, read(suiteDir.resolve(MODEL_FILE)));
        String s = format(floorSize);
        named(doc, MODEL_FILE, "geom", "floor").setAttribute("size", s + " " + s + " .1");
        if (!keepBallAndWalls) {
            remove(named(doc, MODEL_FILE, "body", "ball"));
            remove(named(doc, MODEL_FILE, "geom", "target"));
            remove(named(doc, MODEL_FILE, "camera", "ball"));
            remove(named(doc, MODEL_FILE, "camera", "head"));
            for (String wall : WALLS) remove(named(doc, MODEL_FILE, "geom", wall));
        }
        removeFileRenderingAssets(doc);
        return serialize(MODEL_FILE, doc);
    }

    /**
     * The files the edited model refers to, path as the model names them (relative to suite/) to bytes: every
     * {@code <mesh file>} under the compiler's meshdir, every {@code <include file>}, and any other file attribute
     * left ({@code hfield}, {@code texture}, {@code skin}: none after our edit). A missing file is an error naming it.
     */
    static Map<String, byte[]> assets(Path suiteDir, String xml) {
        Document doc = parse(MODEL_FILE, xml);
        String meshdir = "", texturedir = "";
        for (Element c : elements(doc, "compiler")) {
            if (c.hasAttribute("meshdir")) meshdir = c.getAttribute("meshdir");
            if (c.hasAttribute("texturedir")) texturedir = c.getAttribute("texturedir");
        }
        List<String> paths = new ArrayList<>();
        for (Element e : elements(doc, "include")) paths.add(e.getAttribute("file"));
        for (String tag : List.of("mesh", "skin")) {
            for (Element e : elements(doc, tag)) if (e.hasAttribute("file")) paths.add(join(meshdir, e.getAttribute("file")));
        }
        for (Element e : elements(doc, "hfield")) if (e.hasAttribute("file")) paths.add(e.getAttribute("file"));
        for (Element e : elements(doc, "texture")) if (e.hasAttribute("file")) paths.add(join(texturedir, e.getAttribute("file")));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String p : paths) {
            String key = p.startsWith("./") ? p.substring(2) : p;
            if (out.containsKey(key)) continue;
            Path file = suiteDir.resolve(key);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("the dm_control installation at " + suiteDir.getParent() + " lacks " + file
                        + ", which suite/dog.xml refers to (a partial copy of dm_control's suite/?)");
            }
            try {
                out.put(key, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + " of the dm_control installation: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String join(String dir, String file) {
        if (dir.isEmpty()) return file;
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    /** Removes skins, textures loaded from files, the materials using those textures and references to them. */
    private static void removeFileRenderingAssets(Document doc) {
        Set<String> textures = new HashSet<>();
        for (Element t : elements(doc, "texture")) {
            if (t.hasAttribute("file")) {
                textures.add(t.getAttribute("name"));
                remove(t);
            }
        }
        for (Element skin : elements(doc, "skin")) remove(skin);
        Set<String> materials = new HashSet<>();
        for (Element m : elements(doc, "material")) {
            if (textures.contains(m.getAttribute("texture"))) {
                materials.add(m.getAttribute("name"));
                remove(m);
            }
        }
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("material") && materials.contains(e.getAttribute("material"))) e.removeAttribute("material");
        }
    }
    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + " of the dm_control installation: " + e.getMessage(), e);
        }
    }

}
