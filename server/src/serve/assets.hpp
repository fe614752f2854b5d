#pragma once
// Files the binary serves itself — pages, the OpenAPI documents, vendored
// Swagger UI — embedded at build time so the server works offline.

#include <span>
#include <string_view>

namespace gymcc::serve {

struct Asset {
  std::string_view url;  // e.g. "/monitor.html"
  std::string_view content_type;
  std::string_view data;
};

std::span<const Asset> embedded_assets();

}  // namespace gymcc::serve
