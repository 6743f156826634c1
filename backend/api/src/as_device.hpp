#pragma once
// Api::as_device, for the route files that answer devices (private to backend/api).
#include "telecentre/backend/api.hpp"

namespace telecentre::backend {

// Authenticates the device, runs `answer` for it and stamps the device on the response (the
// request log names it); an unauthenticated request gets the 401 as it is.
template <typename Answer> HttpResponse Api::as_device(const HttpRequest& request, Answer answer) {
    auto device = authenticate(request);
    if (!device) {
        return device.error();
    }
    HttpResponse response = answer(*device);
    response.device_id = device->id;
    return response;
}

} // namespace telecentre::backend
