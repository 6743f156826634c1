#pragma once
// The UI thread's inbox: other threads post small closures, the UI runs them at the start of a
// frame. Posting wakes the SDL loop with a user event. The queue is swapped out under the lock and
// run outside it, so a slow closure never blocks a poster.
// Threading: post() from any thread; drain() from the UI thread only.

#include <functional>
#include <mutex>
#include <vector>

namespace telecentre::app {

class UiInbox {
public:
    explicit UiInbox(std::function<void()> wake) : m_wake(std::move(wake)) {}

    void post(std::function<void()> task) {
        {
            std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(task));
        }
        m_wake();
    }

    // Runs what was posted; returns how many tasks ran.
    std::size_t drain() {
        std::vector<std::function<void()>> tasks;
        {
            std::lock_guard lock(m_mutex);
            tasks.swap(m_tasks);
        }
        for (auto& task : tasks) {
            task();
        }
        return tasks.size();
    }

private:
    std::function<void()> m_wake;
    std::mutex m_mutex;
    std::vector<std::function<void()>> m_tasks;
};

} // namespace telecentre::app
