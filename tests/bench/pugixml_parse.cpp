// The floor for batch review: the time pugixml alone takes to load and parse the same files
// (no claim reading, no checking, no output). Prints files, bytes, seconds and MB/s.
//   pugixml_parse FILE...
#include <pugixml.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    auto const start = std::chrono::steady_clock::now();
    long long bytes = 0;
    long long elements = 0;
    int failed = 0;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        bytes += static_cast<long long>(text.size());
        pugi::xml_document doc;
        // Parsed in place, as covercheck's readers do; elements counted so nothing is skipped.
        if (!doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default)) {
            ++failed;
            continue;
        }
        for (pugi::xml_node claim : doc.document_element().children()) elements += claim.type() == pugi::node_element;
    }
    double const seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();   // timing, not money
    std::printf("%d files, %lld bytes, %lld top-level elements, %d failed: %.3f s, %.1f MB/s\n", argc - 1, bytes,
                elements, failed, seconds, static_cast<double>(bytes) / 1e6 / seconds);
    return failed == 0 ? 0 : 1;
}
