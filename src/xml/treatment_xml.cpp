// The treatment-plan reader: the document and its root. The sections it holds are read by
// xml/elements.cpp, shared with the native claim reader; the format is documented, element by
// element, in samples/README.md.

#include "covercheck/treatment_xml.hpp"

#include "xml/elements.hpp"
#include "xml/xml_support.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace covercheck {
namespace {

using xml::Reader;


std::string name_of(pugi::xml_node node) { return node.name(); }

TreatmentPlanRead read_unguarded(std::string_view text, std::string const& path) {
    TreatmentPlanRead result;
    xml::Sink sink(result.diagnostics);
    xml::LineIndex const lines(text, path);
    xml::Document document;
    if (!xml::parse(text, lines, document, sink)) {
        sink.finish();
        return result;
    }
    Reader reader(document, lines, sink);
    pugi::xml_node const root = document.doc.document_element();
    if (name_of(root) != "treatment-plan") {
        sink.error("CX-ROOT", reader.where(root),
                   "expected the root element <treatment-plan>, found <" + name_of(root) + ">",
                   "a treatment plan starts with <treatment-plan id=\"...\" plan=\"...\">; see samples/README.md");
        sink.finish();
        return result;
    }
    TreatmentPlan plan;
    xml::SectionReader(reader).read_root(root, xml::treatment_plan_sections, plan);
    sink.finish();
    if (!has_errors(result.diagnostics)) result.plan = std::move(plan);
    return result;
}

}  // namespace

TreatmentPlanRead read_treatment_plan(std::string_view text, std::string const& path) {
    return xml::without_throwing<TreatmentPlanRead>(path, [&] { return read_unguarded(text, path); });
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == ':' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

/// Appends `from` masked: one '*' per code point, so columns after it still line up with a
/// caret; line breaks stay, so the lines after it keep their numbers (and blanks too, when asked).
void append_masked(std::string& to, std::string_view from, bool keep_blanks = false) {
    for (char const c : from) {
        if (c == '\n' || c == '\r' || (keep_blanks && is_blank(c))) to += c;
        else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) to += '*';
    }
}

/// The values of `member-id` and `birth-date` attributes masked, reading the markup as XML does:
/// comments, CDATA, processing instructions and other attributes' values are passed over, so a
/// real attribute after a decoy (`note=" member-id='"`) is still found.
std::string mask_attribute_values(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    auto copy_to = [&](std::size_t end) {
        end = std::min(end, text.size());
        out.append(text.data() + i, end - i);
        i = end;
    };
    auto copy_through = [&](std::string_view terminator) {
        std::size_t const at = text.find(terminator, i);
        copy_to(at == std::string_view::npos ? text.size() : at + terminator.size());
    };
    auto copy_blanks = [&] {
        std::size_t end = i;
        while (end < text.size() && is_blank(text[end])) ++end;
        copy_to(end);
    };
    auto value = [&](std::size_t end, bool patient_data) {
        end = std::min(end, text.size());
        if (!patient_data) return copy_to(end);
        append_masked(out, text.substr(i, end - i));
        i = end;
    };
    while (i < text.size()) {
        if (text[i] != '<') {
            copy_to(text.find('<', i));   // text between tags
            continue;
        }
        if (text.compare(i, 4, "<!--") == 0) { copy_through("-->"); continue; }
        if (text.compare(i, 9, "<![CDATA[") == 0) { copy_through("]]>"); continue; }
        if (text.compare(i, 2, "<?") == 0) { copy_through("?>"); continue; }
        if (text.compare(i, 2, "<!") == 0) { copy_through(">"); continue; }
        // A tag: its name, then attributes up to '>' (or a '<': a tag left open).
        copy_to(i + 1);
        while (i < text.size() && (is_name_char(text[i]) || text[i] == '/')) copy_to(i + 1);
        while (i < text.size()) {
            copy_blanks();
            if (i == text.size() || text[i] == '<') break;
            if (text[i] == '>') {
                copy_to(i + 1);
                break;
            }
            std::size_t name_end = i;
            while (name_end < text.size() && is_name_char(text[name_end])) ++name_end;
            if (name_end == i) {
                copy_to(i + 1);   // a stray character ('/', a quote out of place)
                continue;
            }
            std::string_view const name = text.substr(i, name_end - i);
            bool const patient_data = name == "member-id" || name == "birth-date";
            copy_to(name_end);
            copy_blanks();
            if (i == text.size() || text[i] != '=') continue;
            copy_to(i + 1);
            copy_blanks();
            if (i == text.size()) break;
            if (text[i] == '"' || text[i] == '\'') {
                char const quote = text[i];
                copy_to(i + 1);
                value(text.find(quote, i), patient_data);
                if (i < text.size()) copy_to(i + 1);
            } else {
                // An unquoted value (not XML, but shown as written).
                std::size_t end = i;
                while (end < text.size() && !is_blank(text[end]) && text[end] != '>' && text[end] != '<') ++end;
                value(end, patient_data);
            }
        }
    }
    return out;
}

/// Any `member-id` or `birth-date` followed by a value masked, whatever the markup: in a
/// comment, in a broken tag (`member-id "X"`, an unbalanced quote before it), after ':', or as an
/// element (`<member-id>X</member-id>`). It may mask more than the value.
std::string mask_named_values(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t k = 0; k < text.size();) {
        std::string_view const rest = text.substr(k);
        std::size_t const name = rest.rfind("member-id", 0) == 0 ? 9 : rest.rfind("birth-date", 0) == 0 ? 10 : 0;
        if (name == 0) {
            out += text[k++];
            continue;
        }
        auto copy_blanks = [&] {
            while (k < text.size() && is_blank(text[k])) out += text[k++];
        };
        out.append(text.substr(k, name));
        k += name;
        copy_blanks();
        if (k < text.size() && (text[k] == '=' || text[k] == ':' || text[k] == '>')) out += text[k++];
        copy_blanks();
        if (k == text.size()) break;
        std::size_t end = k;
        if (text[k] == '"' || text[k] == '\'') {
            out += text[k++];
            end = std::min(text.find(text[k - 1], k), text.size());
        } else {
            while (end < text.size() && !is_blank(text[end]) && text[end] != '<' && text[end] != '>') ++end;
        }
        append_masked(out, text.substr(k, end - k));
        k = end;
    }
    return out;
}

/// The text inside <patient> elements masked (the format has none: it is reported, and shown).
std::string mask_patient_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t k = 0; k < text.size();) {
        std::size_t const at = text.find("<patient", k);
        std::size_t const tag_end = at == std::string_view::npos ? at : text.find('>', at);
        if (tag_end == std::string_view::npos) {
            out.append(text.substr(k));
            break;
        }
        out.append(text.substr(k, tag_end + 1 - k));
        k = tag_end + 1;
        if (text[tag_end - 1] == '/') continue;   // <patient .../>: no text
        std::size_t const close = std::min(text.find("</patient", k), text.size());
        append_masked(out, text.substr(k, close - k), true);
        k = close;
    }
    return out;
}

}  // namespace

std::string mask_patient_data(std::string_view text) {
    // Three passes, each one sweep: masking too much is harmless, showing one id is not.
    return mask_patient_text(mask_named_values(mask_attribute_values(text)));
}

TreatmentPlanRead load_treatment_plan(std::string const& path) {
    return xml::load_document<TreatmentPlanRead>(path, "a treatment-plan file", "split the treatment plan into smaller files",
                                                 [&](std::string const& text) { return read_treatment_plan(text, path); });
}

}  // namespace covercheck
