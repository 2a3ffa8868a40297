// Escaping text for HTML, shared by the batch page and the estimate.

#include "covercheck/report.hpp"

#include "batch_text.hpp"

namespace covercheck {

std::string html_escape(std::string_view raw) {
    std::string const text = report::valid_utf8(raw);
    std::string out;
    out.reserve(text.size());
    for (char const c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\t': case '\n': case '\r': out += c; break;
        default:
            // HTML forbids the other C0 controls and DEL in text.
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                out += "\xEF\xBF\xBD";
            } else {
                out += c;
            }
        }
    }
    return out;
}

}  // namespace covercheck
