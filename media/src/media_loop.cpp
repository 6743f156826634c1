#include "media_loop.hpp"

#include <exception>
#include <future>

namespace telecentre::media {
namespace {

gboolean run_work(gpointer data) {
    // No exception may unwind through GLib: a failing task is dropped.
    try {
        (*static_cast<std::function<void()>*>(data))();
    } catch (...) {
    }
    return G_SOURCE_REMOVE;
}

void delete_work(gpointer data) { delete static_cast<std::function<void()>*>(data); }

} // namespace

MediaLoop::Gate::Gate(GMainContext* context) : m_context{g_main_context_ref(context)} {}

MediaLoop::Gate::~Gate() { g_main_context_unref(m_context); }

void MediaLoop::Gate::post(std::function<void()> work) {
    std::lock_guard lock{m_mutex};
    if (!m_open) {
        return;
    }
    GSource* source = g_idle_source_new();
    g_source_set_priority(source, G_PRIORITY_DEFAULT);
    g_source_set_callback(source, run_work, new std::function<void()>(std::move(work)), delete_work);
    g_source_attach(source, m_context);
    g_source_unref(source);
}

void MediaLoop::Gate::close() {
    std::lock_guard lock{m_mutex};
    m_open = false;
}

MediaLoop::MediaLoop()
    : m_context{g_main_context_new()}, m_loop{g_main_loop_new(m_context, FALSE)}, m_gate{std::make_shared<Gate>(
                                                                                      m_context)} {
    m_thread = std::thread{[this] {
        g_main_context_push_thread_default(m_context);
        g_main_loop_run(m_loop);
        g_main_context_pop_thread_default(m_context);
    }};
}

MediaLoop::~MediaLoop() {
    stop([] {});
    if (m_thread.joinable()) {
        m_thread.join();
    }
    // Work posted but never run is freed with the context's sources.
    g_main_loop_unref(m_loop);
    g_main_context_unref(m_context);
}

void MediaLoop::stop(const std::function<void()>& last) {
    std::call_once(m_stopped, [&] {
        if (on_loop_thread()) {
            last();
            m_gate->close();
            g_main_loop_quit(m_loop);
            return;
        }
        m_gate->post([this, &last] {
            last();
            m_gate->close();
            g_main_loop_quit(m_loop);
        });
        m_thread.join();
    });
}

} // namespace telecentre::media
