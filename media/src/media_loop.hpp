#pragma once
// A thread running a GLib main loop on a context of its own: the media thread of one call.
// post() may be called from any thread; once close() ran, posted work is dropped, so a late
// callback from a GStreamer thread can never run against a call already torn down.

#include <functional>
#include <glib.h>
#include <memory>
#include <mutex>
#include <thread>

namespace telecentre::media {

class MediaLoop {
public:
    // A handle GStreamer callbacks keep (in their user data) to post onto the loop safely even
    // when they fire after the call is gone.
    class Gate {
    public:
        explicit Gate(GMainContext* context);
        ~Gate();
        Gate(const Gate&) = delete;
        Gate& operator=(const Gate&) = delete;
        void post(std::function<void()> work);
        void close();

    private:
        std::mutex m_mutex;
        bool m_open = true;
        GMainContext* m_context;
    };

    MediaLoop();
    ~MediaLoop();
    MediaLoop(const MediaLoop&) = delete;
    MediaLoop& operator=(const MediaLoop&) = delete;

    void post(std::function<void()> work) { m_gate->post(std::move(work)); }
    [[nodiscard]] const std::shared_ptr<Gate>& gate() const { return m_gate; }
    [[nodiscard]] GMainContext* context() const { return m_context; }
    [[nodiscard]] bool on_loop_thread() const { return std::this_thread::get_id() == m_thread.get_id(); }

    // Runs `last` on the loop, stops the loop, closes the gate and joins the thread. From the
    // loop thread itself: runs `last` at once and stops; the join happens in the destructor.
    void stop(const std::function<void()>& last);

private:
    GMainContext* m_context;
    GMainLoop* m_loop;
    std::shared_ptr<Gate> m_gate;
    std::thread m_thread;
    std::once_flag m_stopped;
};

} // namespace telecentre::media
