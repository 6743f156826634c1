#pragma once
// Time as the model sees it. Threading: now() may be called from any thread.

#include <chrono>

namespace telecentre::core {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    [[nodiscard]] TimePoint now() const override {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    }
};

// For tests: time moves only when told to.
class FakeClock final : public Clock {
public:
    explicit FakeClock(TimePoint start) : m_now(start) {}
    [[nodiscard]] TimePoint now() const override { return m_now; }
    void advance(std::chrono::milliseconds step) { m_now += step; }
    void set(TimePoint when) { m_now = when; }

private:
    TimePoint m_now;
};

} // namespace telecentre::core
