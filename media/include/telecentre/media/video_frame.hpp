#pragma once
// Decoded video frames and the one-slot mailbox that carries them from a GStreamer streaming
// thread to the UI thread.
// Threading: publish() is called by one producer thread (an appsink), take() by one consumer
// thread (the UI); both may run at the same time. The listener runs on the producer thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace telecentre::media {

// One I420 picture, planes packed one after the other in `bytes`: what SDL_UpdateYUVTexture
// uploads directly (Y, U, V pointers and pitches), without a conversion on the UI thread.
struct VideoFrame {
    struct Plane {
        std::size_t offset = 0; // from the start of `bytes`
        int pitch = 0;          // bytes per row
    };
    int width = 0;
    int height = 0;
    std::array<Plane, 3> planes{}; // Y, U, V
    std::vector<std::uint8_t> bytes;
    std::uint64_t sequence = 0;     // 1 for the first frame of a stream, then +1 per frame
    std::int64_t timestamp_ns = -1; // the buffer's running time, -1 when unknown

    [[nodiscard]] bool empty() const { return width == 0 || height == 0 || bytes.empty(); }
    [[nodiscard]] const std::uint8_t* plane_data(std::size_t plane) const {
        return bytes.data() + planes[plane].offset;
    }
    [[nodiscard]] std::uint8_t* plane_data(std::size_t plane) { return bytes.data() + planes[plane].offset; }
    // Sizes the planes for a width x height I420 picture, reusing the allocation when it fits.
    void resize_i420(int frame_width, int frame_height);
};

// Holds at most one frame. A new frame replaces one not taken yet (counted as dropped): the UI
// always shows the newest picture and never falls behind. Buffers are recycled between the two
// sides, so a steady stream allocates nothing.
class FrameMailbox {
public:
    struct Counters {
        std::uint64_t published = 0;
        std::uint64_t taken = 0;
        std::uint64_t dropped = 0; // replaced before the consumer took them
    };

    // Producer: a frame whose buffer can be refilled (a recycled one when available).
    [[nodiscard]] VideoFrame recycled();
    // Producer: makes `frame` the newest one, then calls the listener (outside the lock).
    void publish(VideoFrame&& frame);
    // Consumer: swaps the newest frame into `frame` and returns true, or returns false when
    // nothing new arrived since the last take. The buffer `frame` held goes back for reuse.
    [[nodiscard]] bool take(VideoFrame& frame);
    [[nodiscard]] Counters counters() const;
    // Either side: forgets the frame not taken yet, e.g. the last picture of a stream that ended,
    // so that the next one never starts with it.
    void discard();

    // Called on the producer thread after each publish, e.g. to wake the UI loop
    // (SDL_PushEvent). Must be cheap and must not call publish() nor set_listener().
    // Once set_listener returns, the previous listener is not running and never runs again.
    void set_listener(std::function<void()> listener);

private:
    mutable std::mutex m_mutex;
    VideoFrame m_slot;
    bool m_full = false;
    VideoFrame m_spare;
    Counters m_counters;
    std::mutex m_listener_mutex;
    std::function<void()> m_listener;
};

} // namespace telecentre::media
