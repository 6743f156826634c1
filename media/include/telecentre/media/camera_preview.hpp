#pragma once
// The visitor's own camera picture before a call (the consent screen): the configured camera, or
// the test pattern, into a FrameMailbox, with no encoder and no network. A camera can be opened by
// one program at a time, so the preview is stopped before a WebrtcbinCall opens the same camera.
//
// Threading: start(), stop() and the destructor from one thread (the UI's); start() returns at
// once (the camera opens on the preview's own media thread, a GLib loop, which makes every
// GStreamer call), stop() waits for the device to be closed (a few ms). on_error runs on that
// media thread, never after stop() returned. The mailbox's listener runs on a streaming thread.

#include "telecentre/media/call_types.hpp"
#include "telecentre/media/video_frame.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace telecentre::media {

struct PreviewConfig {
    VideoSource video_source{};
    // Enough for a tile on the consent screen, and cheap to scale and copy.
    int width = 640;
    int height = 360;
    int fps = 15;
};

class CameraPreview {
public:
    // Plain text for logs and for the screen's owner, e.g. "camera /dev/video0 is busy (another
    // program is using it)". After an error the preview shows nothing until stopped and started.
    using ErrorCallback = std::function<void(const std::string& message)>;

    // media::initialise() must have succeeded. Nothing opens until start().
    CameraPreview(PreviewConfig config, ErrorCallback on_error);
    ~CameraPreview();
    CameraPreview(const CameraPreview&) = delete;
    CameraPreview& operator=(const CameraPreview&) = delete;

    // Opens the camera and delivers its frames into frames(). Does nothing while started.
    void start();
    // Closes the camera: when it returns the device is free (a call may open it at once), the
    // media thread is joined and the mailbox holds no picture of this run. Idempotent.
    void stop();
    // Between start() and stop(), failed or not.
    [[nodiscard]] bool started() const { return m_impl != nullptr; }

    // Survives stop() and start(): the UI may keep pointing at it.
    [[nodiscard]] FrameMailbox& frames() { return m_frames; }
    // Frames published since construction (all runs).
    [[nodiscard]] std::uint64_t frames_delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    // Errors reported since construction (all runs).
    [[nodiscard]] std::uint64_t errors() const { return m_errors.load(std::memory_order_relaxed); }

    class Impl; // defined in src/, where GStreamer's callbacks need to name it

private:
    PreviewConfig m_config;
    ErrorCallback m_on_error;
    FrameMailbox m_frames;
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_errors{0};
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::media
