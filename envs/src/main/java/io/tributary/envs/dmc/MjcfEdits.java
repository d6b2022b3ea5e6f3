package io.tributary.envs.dmc;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
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
 * The suite's {@code make_model} edits that delete elements from a model file (manipulator's unused props, stacker's
 * unused boxes): removing elements, never re-creating them, keeps the compiled order of what stays the suite's.
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
            Element body = named(doc, file, "body", name);
            body.getParentNode().removeChild(body);
        }
        return serialize(file, doc);
    }

    private static Element named(Document doc, String file, String tag, String name) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> matches = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (name.equals(e.getAttribute("name"))) matches.add(e);
        }
        if (matches.size() != 1) {
            throw new IllegalStateException(file + " has " + matches.size() + " <" + tag + " name=\"" + name + "\">, expected 1");
        }
        return matches.get(0);
    }

    private static Document parse(String file, String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static String serialize(String file, Document doc) {
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
