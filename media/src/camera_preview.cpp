// CameraPreview: the capture part of a call's video branch (pipeline_parts.hpp) ending in an
// appsink that feeds the mailbox. One run = one Impl with its own media thread, so that stop()
// joins exactly what the run started.
#include "telecentre/media/camera_preview.hpp"

#include "gobject_glue.hpp"
#include "media_loop.hpp"
#include "pipeline_parts.hpp"

#include <gst/gst.h>

namespace telecentre::media {

class CameraPreview::Impl {
public:
    Impl(const PreviewConfig& config, FrameMailbox& frames, std::atomic<std::uint64_t>& delivered,
         std::atomic<std::uint64_t>& errors, const ErrorCallback& on_error)
        : m_config{config}, m_frames{frames}, m_delivered{delivered}, m_errors{errors}, m_on_error{on_error} {}
    ~Impl() {
        m_loop.stop([this] { close(); });
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void start() {
        m_loop.post([this] { open(); });
    }

    static gboolean on_bus(GstBus*, GstMessage* message, gpointer data) {
        static_cast<Impl*>(data)->on_bus_message(message);
        return G_SOURCE_CONTINUE;
    }

private:
    // Media thread.
    void open() {
        if (m_config.video_source.kind == VideoSourceKind::none) {
            report("no camera to show");
            return;
        }
        auto bin =
            make_bin(video_capture_description(m_config.video_source, m_config.width, m_config.height, m_config.fps) +
                     " ! appsink name=" + kFrameSink + " sync=false async=false max-buffers=1 drop=true");
        if (!bin) {
            report(bin.error());
            return;
        }
        m_pipeline = gst_pipeline_new(nullptr);
        gst_bin_add(GST_BIN(m_pipeline), *bin);
        if (auto camera = prepare_camera(*bin, m_config.video_source); !camera) {
            fail(camera.error());
            return;
        }
        deliver_frames(*bin, m_frames, m_delivered);
        GstBus* bus = gst_element_get_bus(m_pipeline);
        m_bus_watch = gst_bus_create_watch(bus);
        g_source_set_callback(m_bus_watch, as_source_func(&Impl::on_bus), this, nullptr);
        g_source_attach(m_bus_watch, m_loop.context());
        if (gst_element_set_state(m_pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
            // A device that cannot be opened fails the change at once and says why on the bus.
            GstMessage* error = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
            if (error != nullptr) {
                on_bus_message(error);
                gst_message_unref(error);
            } else {
                fail("camera did not start");
            }
        }
        gst_object_unref(bus);
    }

    void on_bus_message(GstMessage* message) {
        if (m_failed || GST_MESSAGE_TYPE(message) != GST_MESSAGE_ERROR) {
            return;
        }
        GError* error = nullptr;
        gst_message_parse_error(message, &error, nullptr);
        std::string text = describe_camera_error(m_config.video_source, error);
        g_clear_error(&error);
        // Written only when GST_DEBUG_DUMP_DOT_DIR is set.
        GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS(GST_BIN(m_pipeline), GST_DEBUG_GRAPH_SHOW_ALL, "telecentre-preview-error");
        fail(text);
    }

    // The device is closed at once (another program, or the call, may want it); the media thread
    // stays until stop().
    void fail(const std::string& message) {
        m_failed = true;
        close();
        report(message);
    }

    void report(const std::string& message) {
        m_errors.fetch_add(1, std::memory_order_relaxed);
        if (m_on_error) {
            // No exception unwinds through GLib (STYLE.md rule 7).
            try {
                m_on_error(message);
            } catch (...) {
            }
        }
    }

    void close() {
        if (m_bus_watch != nullptr) {
            g_source_destroy(m_bus_watch);
            g_source_unref(m_bus_watch);
            m_bus_watch = nullptr;
        }
        if (m_pipeline != nullptr) {
            // Stops the streaming thread and closes the device before returning.
            gst_element_set_state(m_pipeline, GST_STATE_NULL);
            gst_object_unref(m_pipeline);
            m_pipeline = nullptr;
        }
    }

    PreviewConfig m_config;
    FrameMailbox& m_frames;
    std::atomic<std::uint64_t>& m_delivered;
    std::atomic<std::uint64_t>& m_errors;
    const ErrorCallback& m_on_error;
    // Media thread.
    GstElement* m_pipeline = nullptr;
    GSource* m_bus_watch = nullptr;
    bool m_failed = false;

    // Last: destroyed first, so the media thread is joined before anything it uses goes.
    MediaLoop m_loop;
};

CameraPreview::CameraPreview(PreviewConfig config, ErrorCallback on_error)
    : m_config{std::move(config)}, m_on_error{std::move(on_error)} {}

CameraPreview::~CameraPreview() { stop(); }

void CameraPreview::start() {
    if (m_impl) {
        return;
    }
    // Never the last picture of an earlier run: it may show the previous visitor.
    m_frames.discard();
    m_impl = std::make_unique<Impl>(m_config, m_frames, m_delivered, m_errors, m_on_error);
    m_impl->start();
}

void CameraPreview::stop() {
    if (!m_impl) {
        return;
    }
    m_impl.reset(); // closes the device on the media thread and joins it
    m_frames.discard();
}

} // namespace telecentre::media
