#pragma once
// Small typed wrappers over GLib's C-style casts and signal plumbing, so our code keeps
// -Wold-style-cast on.

#include <glib-object.h>

namespace telecentre::media {

template <typename Function>
gulong connect_signal(gpointer instance, const char* name, Function* function, gpointer data) {
    return g_signal_connect_data(instance, name, reinterpret_cast<GCallback>(function), data, nullptr, GConnectFlags{});
}

template <typename Function> GSourceFunc as_source_func(Function* function) {
    return reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(function));
}

} // namespace telecentre::media
