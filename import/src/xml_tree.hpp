// An XML document as plain elements (local names, namespace, attributes, text, line): libxml2 stays in xml_tree.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docket::dmn {

struct XmlElement {
  std::string name;  // local name, without its prefix
  std::string ns;    // namespace URI ("" when none)
  int line = 0;      // 1-based line of the start tag
  std::vector<std::pair<std::string, std::string>> attributes;  // local name, value
  std::string text;  // the element's own text (text and CDATA children, concatenated)
  std::vector<XmlElement> children;

  // The first child element called `local`, or nullptr.
  [[nodiscard]] const XmlElement* child(std::string_view local) const;
  // Every child element called `local`, in order.
  [[nodiscard]] std::vector<const XmlElement*> all(std::string_view local) const;
  // The attribute's value ("" when absent); `has` tells absent from empty.
  [[nodiscard]] std::string attr(std::string_view local) const;
  [[nodiscard]] bool has(std::string_view local) const;
  // The text of child `local` (`<text>` inside `<inputEntry>`), "" when there is none.
  [[nodiscard]] std::string child_text(std::string_view local) const;
};

struct XmlDocument {
  std::optional<XmlElement> root;  // empty when the bytes are not well-formed XML
  std::string error;               // libxml2's message when they are not
  int error_line = 0;
};

// Parses `bytes` without touching the network or expanding external entities (XML_PARSE_NONET, no
// XML_PARSE_NOENT, no DTD loading); libxml2's own depth limit bounds the element nesting.
[[nodiscard]] XmlDocument read_xml(std::string_view bytes);

}  // namespace docket::dmn
