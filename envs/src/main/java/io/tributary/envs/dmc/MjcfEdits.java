package io.tributary.envs.dmc;

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
import java.util.Collection;
import java.util.List;

/**
 * The suite's {@code make_model} edits of a model file (manipulator's unused props, stacker's unused boxes,
 * quadruped's and the dog's floors, walls and balls): removing elements, never re-creating them, keeps the compiled
 * order of what stays the suite's. The DOM helpers the domains' own edits share live here too.
 */
public final class MjcfEdits {

    private MjcfEdits() {}

    /**
     * The text of model file {@code file} without the bodies named {@code bodies} (and everything inside them); a
     * name the file does not have is an error naming it.
     */
    public static String withoutBodies(String file, Collection<String> bodies) {
        Document doc = parse(file, ModelFiles.read(file));
        for (String name : bodies) {
            remove(named(doc, file, "body", name));
        }
        return serialize(file, doc);
    }

    /** The one {@code <tag name="name">} of {@code file}; none or several is an error naming the file. */
    public static Element named(Document doc, String file, String tag, String name) {
        List<Element> matches = new ArrayList<>();
        for (Element e : elements(doc, tag)) {
            if (name.equals(e.getAttribute("name"))) matches.add(e);
        }
        if (matches.size() != 1) {
            throw new IllegalStateException(file + " has " + matches.size() + " <" + tag + " name=\"" + name + "\">, expected 1");
        }
        return matches.get(0);
    }

    /** Every {@code <tag>} of the document, in document order. */
    public static List<Element> elements(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) out.add((Element) list.item(i));
        return out;
    }

    public static void remove(Node n) {
        n.getParentNode().removeChild(n);
    }

    /** A number as MJCF text: whole numbers without a fraction (the suite writes 10.0, 100, 40: the same once parsed). */
    public static String format(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    /** Model text {@code xml} (named {@code file} in errors) as a document; doctype declarations are refused. */
    public static Document parse(String file, String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    public static String serialize(String file, Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the edited " + file + ": " + e.getMessage(), e);
        }
    }
}
