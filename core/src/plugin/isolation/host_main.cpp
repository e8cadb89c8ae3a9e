// docket-plugin-host: runs one plugin for an engine that isolates it (fd 3: the plugin file, fd 4: a socket).
#include <cstdio>
#include <string_view>

#include "plugin/isolation/serve.hpp"

int main(int argc, char** argv) {
  if (argc != 2 || std::string_view(argv[1]) != "--serve") {
    std::fputs("docket-plugin-host runs one docket plugin for an engine that isolates it (docs/plugins.md,\n"
               "\"Isolation\"). The engine starts it with the plugin file as descriptor 3 and a socket as\n"
               "descriptor 4; it is not meant to be run by hand.\n",
               stderr);
    return 2;
  }
  docket::plugin::serve_helper(3, 4);
}
