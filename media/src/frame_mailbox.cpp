#include "telecentre/media/video_frame.hpp"

#include <utility>

namespace telecentre::media {

void VideoFrame::resize_i420(int frame_width, int frame_height) {
    width = frame_width;
    height = frame_height;
    const int chroma_width = (frame_width + 1) / 2;
    const int chroma_height = (frame_height + 1) / 2;
    const auto luma_size = static_cast<std::size_t>(frame_width) * static_cast<std::size_t>(frame_height);
    const auto chroma_size = static_cast<std::size_t>(chroma_width) * static_cast<std::size_t>(chroma_height);
    planes[0] = Plane{0, frame_width};
    planes[1] = Plane{luma_size, chroma_width};
    planes[2] = Plane{luma_size + chroma_size, chroma_width};
    bytes.resize(luma_size + 2 * chroma_size);
}

VideoFrame FrameMailbox::recycled() {
    std::lock_guard lock{m_mutex};
    return std::exchange(m_spare, VideoFrame{});
}

void FrameMailbox::publish(VideoFrame&& frame) {
    {
        std::lock_guard lock{m_mutex};
        ++m_counters.published;
        if (m_full) {
            ++m_counters.dropped;
        }
        // The frame replaced (or the empty one left by a take) becomes the next spare buffer.
        m_spare = std::exchange(m_slot, std::move(frame));
        m_full = true;
    }
    std::lock_guard listener_lock{m_listener_mutex};
    if (m_listener) {
        m_listener();
    }
}

bool FrameMailbox::take(VideoFrame& frame) {
    std::lock_guard lock{m_mutex};
    if (!m_full) {
        return false;
    }
    std::swap(frame, m_slot);
    m_full = false;
    ++m_counters.taken;
    // The consumer's old buffer now sits in the slot; keep it as the spare if there is none,
    // so that the producer refills it instead of allocating.
    if (m_spare.bytes.capacity() < m_slot.bytes.capacity()) {
        m_spare = std::exchange(m_slot, VideoFrame{});
    }
    return true;
}

FrameMailbox::Counters FrameMailbox::counters() const {
    std::lock_guard lock{m_mutex};
    return m_counters;
}

void FrameMailbox::discard() {
    std::lock_guard lock{m_mutex};
    if (m_full) {
        m_spare = std::exchange(m_slot, VideoFrame{});
        m_full = false;
    }
}

void FrameMailbox::set_listener(std::function<void()> listener) {
    std::lock_guard listener_lock{m_listener_mutex};
    m_listener = std::move(listener);
}

} // namespace telecentre::media
