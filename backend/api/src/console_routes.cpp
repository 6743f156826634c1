// The staff console's files under /console/ (and / sends the browser there). The page is plain
// HTML, CSS and JavaScript modules embedded in the binary; what it may load and where it may
// connect is pinned by a Content-Security-Policy: its own scripts and styles only, no inline
// script, fetch and WebSocket to this server only, camera and microphone for this origin only.
#include "responses.hpp"
#include "telecentre/backend/api.hpp"
#include "telecentre/backend/console_files.hpp"

#include <algorithm>

namespace telecentre::backend {
using namespace api;

namespace {

HttpResponse redirect(std::string location) {
    HttpResponse response;
    response.status = 302;
    response.content_type = "text/plain; charset=utf-8";
    response.body = "see " + location + "\n";
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

} // namespace

HttpResponse Api::console_route(const HttpRequest& request, std::string_view path) {
    if (request.method != "GET") {
        return method_not_allowed("GET");
    }
    if (path == "/" || path == "/console") {
        return redirect("/console/");
    }
    auto name = path.substr(std::string_view("/console/").size());
    if (name.empty()) {
        name = "index.html";
    }
    const auto files = console_files();
    const auto file = std::find_if(files.begin(), files.end(), [&](const ConsoleFile& f) { return f.name == name; });
    if (file == files.end()) {
        return error(404, "not_found", "no such console file");
    }
    HttpResponse response;
    response.status = 200;
    response.content_type = std::string(file->content_type);
    response.body = std::string(file->body);
    add_page_headers(response, request, "", "'self'");
    return response;
}

} // namespace telecentre::backend
