// libxml2's tree to XmlElement: the only file that includes libxml2.
#include "xml_tree.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <memory>

namespace docket::dmn {

namespace {

std::string text_of(const xmlChar* s) { return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s)); }

XmlElement convert(const xmlNode* node) {
  XmlElement e;
  e.name = text_of(node->name);
  if (node->ns != nullptr) e.ns = text_of(node->ns->href);
  const long line = xmlGetLineNo(node);
  e.line = line > 0 && line < INT_MAX ? static_cast<int>(line) : 0;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    xmlChar* value = xmlNodeListGetString(node->doc, a->children, 1);
    e.attributes.emplace_back(text_of(a->name), text_of(value));
    xmlFree(value);
  }
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      e.children.push_back(convert(c));
    } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      e.text += text_of(c->content);
    }
  }
  return e;
}

struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

const XmlElement* XmlElement::child(std::string_view local) const {
  for (const XmlElement& c : children) {
    if (c.name == local) return &c;
  }
  return nullptr;
}

std::vector<const XmlElement*> XmlElement::all(std::string_view local) const {
  std::vector<const XmlElement*> out;
  for (const XmlElement& c : children) {
    if (c.name == local) out.push_back(&c);
  }
  return out;
}

std::string XmlElement::attr(std::string_view local) const {
  for (const auto& [k, v] : attributes) {
    if (k == local) return v;
  }
  return {};
}

bool XmlElement::has(std::string_view local) const {
  for (const auto& kv : attributes) {
    if (kv.first == local) return true;
  }
  return false;
}

std::string XmlElement::child_text(std::string_view local) const {
  const XmlElement* c = child(local);
  return c == nullptr ? std::string() : c->text;
}

XmlDocument read_xml(std::string_view bytes) {
  XmlDocument out;
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    out.error = "the file is too large";
    return out;
  }
  xmlInitParser();
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    out.error = "out of memory";
    return out;
  }
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  std::unique_ptr<xmlDoc, DocFree> doc(
      xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), "model.dmn", nullptr, options));
  if (!doc || !ctxt->wellFormed) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    out.error = err != nullptr && err->message != nullptr ? text_of(reinterpret_cast<const xmlChar*>(err->message))
                                                          : std::string("not well-formed XML");
    while (!out.error.empty() && (out.error.back() == '\n' || out.error.back() == ' ')) out.error.pop_back();
    out.error_line = err != nullptr ? err->line : 0;
    return out;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    out.error = "the document has no root element";
    return out;
  }
  out.root = convert(root);
  return out;
}

}  // namespace docket::dmn
