#pragma once
// A seam for whole-program tests and benchmarks: when TELECENTRE_CONTROL names a FIFO, the kiosk
// reads lines from it ("call.open", "call.place", ...) and hands each to the UI thread, where it
// does what the matching button does. Like TELECENTRE_TRACE, off unless the environment asks;
// it only reaches actions a visitor at the screen could take.
// Threading: a reader thread of its own; `on_line` is called on it (post to the UI inbox).

#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace telecentre::app {

class TestControl {
public:
    using OnLine = std::function<void(std::string line)>;

    TestControl() = default;
    ~TestControl(); // stops the reader
    TestControl(const TestControl&) = delete;
    TestControl& operator=(const TestControl&) = delete;

    // Opens the FIFO named by TELECENTRE_CONTROL, if any; false with a logged reason on failure.
    bool start_from_environment(OnLine on_line);

private:
    void run();

    OnLine m_on_line;
    int m_fifo = -1;
    int m_stop = -1; // eventfd
    std::thread m_thread;
};

} // namespace telecentre::app
