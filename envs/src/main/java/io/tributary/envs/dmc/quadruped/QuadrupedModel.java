package io.tributary.envs.dmc.quadruped;

import io.tributary.envs.dmc.ModelFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
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
        Document doc = parse(ModelFiles.read("quadruped.xml"));
        if (!Double.isNaN(floorSize)) {
            String s = format(floorSize);
            named(doc, "geom", "floor").setAttribute("size", s + " " + s + " .5");
        }
        if (!wallsAndBall) {
            for (String wall : WALLS) remove(named(doc, "geom", wall));
            remove(named(doc, "body", "ball"));
            remove(named(doc, "site", "target"));
        }
        if (!terrain) remove(named(doc, "geom", "terrain"));
        if (!rangefinders) {
            for (Element rf : elements(doc, "rangefinder")) remove(rf);
        }
        return serialize(doc);
    }

    /** The floor size as MJCF text (the suite writes 10.0, 100, 40: the same numbers once parsed). */
    private static String format(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static Element named(Document doc, String tag, String name) {
        for (Element e : elements(doc, tag)) {
            if (name.equals(e.getAttribute("name"))) return e;
        }
        throw new IllegalStateException("quadruped.xml has no <" + tag + " name=\"" + name + "\">");
    }

    private static List<Element> elements(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }

    private static void remove(Node n) {
        n.getParentNode().removeChild(n);
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse quadruped.xml: " + e.getMessage(), e);
        }
    }

    private static String serialize(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the edited quadruped model: " + e.getMessage(), e);
        }
    }
}
